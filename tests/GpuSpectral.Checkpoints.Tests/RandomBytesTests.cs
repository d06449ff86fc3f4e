using System.Diagnostics;
using System.IO.Compression;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Tests;

/// <summary>
/// Property: for arbitrary bytes, opening a checkpoint and reading every tensor either succeeds or throws
/// <see cref="CheckpointFormatException"/>. Nothing else (no IndexOutOfRange, Overflow, OutOfMemory, Json…).
/// </summary>
public sealed class RandomBytesTests
{
    private static readonly string[] Extensions = [".safetensors", ".npy", ".npz", ".bin"];

    private static void OpenMustOnlyThrowTyped(string path, string what) =>
        ReaderAssert.OnlyTypedFailures(path, what, p => CorruptAssert.OpenAndReadAll(p));

    [Fact]
    public void Random_bytes_only_throw_the_typed_exception()
    {
        using var dir = new TempDir();
        var rng = new Random(20240611);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[rng.Next(0, 400)];
            rng.NextBytes(bytes);
            var ext = Extensions[i % Extensions.Length];

            // Give a third of them a plausible prefix so that parsing gets past the magic check.
            if (i % 3 == 1 && bytes.Length >= 12)
            {
                byte[][] prefixes =
                [
                    [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0],
                    [0x50, 0x4B, 3, 4],
                    [(byte)(bytes.Length - 8), 0, 0, 0, 0, 0, 0, 0, (byte)'{'],
                ];
                prefixes[(i / 3) % prefixes.Length].CopyTo(bytes, 0);
            }

            var path = dir.Write($"r{i}{ext}", bytes);
            OpenMustOnlyThrowTyped(path, $"random #{i}");
        }
    }

    public static TheoryData<string> Kinds() => new("safetensors", "npy", "npy_be", "npz_stored", "npz_deflated");

    private static (byte[] Bytes, string Ext) Valid(string kind) => kind switch
    {
        "safetensors" => (SafeTensorsWriter.Sample(), ".safetensors"),
        "npy" => (NumpyWriter.Npy("<f4", "(2, 3)", SafeTensorsWriter.F32(1, 2, 3, 4, 5, 6)), ".npy"),
        "npy_be" => (NumpyWriter.Npy(">i8", "(3,)", new byte[24], major: 2), ".npy"),
        "npz_stored" => (NumpyWriter.SampleNpz(CompressionLevel.NoCompression), ".npz"),
        _ => (NumpyWriter.SampleNpz(CompressionLevel.Optimal), ".npz"),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Mutated_valid_files_only_throw_the_typed_exception(string kind)
    {
        var (valid, ext) = Valid(kind);
        using var dir = new TempDir();
        Assert.True(CorruptAssert.OpenAndReadAll(dir.Write("valid" + ext, valid)) > 0);
        var rng = new Random(kind.Length * 7919);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            var bytes = Mutate(valid, rng, i % 5);
            var path = dir.Write($"m{i}{ext}", bytes);
            OpenMustOnlyThrowTyped(path, $"{kind} mutation #{i}");
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    private static byte[] Mutate(byte[] valid, Random rng, int mode)
    {
        var b = (byte[])valid.Clone();
        switch (mode)
        {
            case 0: // flip a few bytes
                for (var k = rng.Next(1, 5); k > 0; k--)
                {
                    b[rng.Next(b.Length)] ^= (byte)rng.Next(1, 256);
                }

                return b;
            case 1: // truncate
                return b[..rng.Next(b.Length)];
            case 2: // extend with random bytes
                var extra = new byte[rng.Next(1, 64)];
                rng.NextBytes(extra);
                return [.. b, .. extra];
            case 3: // flip a byte in the last 128 bytes (ZIP central directory and end records)
                b[b.Length - 1 - rng.Next(Math.Min(128, b.Length))] ^= (byte)rng.Next(1, 256);
                return b;
            default: // set a byte to an extreme value, in the first 128 bytes (headers) most of the time
                var at = rng.Next(2) == 0 ? rng.Next(Math.Min(128, b.Length)) : rng.Next(b.Length);
                b[at] = rng.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                return b;
        }
    }
}
