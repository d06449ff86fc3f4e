using System.Buffers.Binary;
using System.Diagnostics;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Tests.Gguf;

/// <summary>
/// Property: for random bytes and for mutations of valid GGUF files, opening and reading every tensor either
/// succeeds or throws <see cref="CheckpointFormatException"/>, nothing else, quickly.
/// </summary>
public sealed class GgufFuzzTests
{
    private static void OnlyTyped(string path, string what) =>
        ReaderAssert.OnlyTypedFailures(path, what, GgufCorruptTests.OpenAndReadAll);

    private static byte[] Rich(Random rng)
    {
        var w = new GgufWriter()
            .Str("general.architecture", "llama")
            .Kv("tokenizer.ggml.tokens", GgufWriter.TypeArray,
                GgufValue.Arr(GgufWriter.TypeString, 3, GgufValue.Str("a"), GgufValue.Str("bc"), GgufValue.Str("")))
            .Kv("n", GgufWriter.TypeArray, GgufValue.Nested(3))
            .Kv("f", GgufWriter.TypeF32, GgufValue.F32(2))
            .WithAlignment(32);
        w.Add("f32", "F32", [4, 2], GgufReaderTests.F32Bytes(1, 2, 3, 4, 5, 6, 7, 8));
        w.Add("f16", "F16", [3], new byte[6]);
        foreach (var t in new[] { "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K" })
        {
            var qk = GgufWriter.Types[t].BlockElements;
            w.Add(t.ToLowerInvariant(), t, [qk, 2], GgufOracle.RandomBlocks(t, 2, rng));
        }

        return w.Build();
    }

    [Fact]
    public void Mutated_valid_files_only_throw_the_typed_exception()
    {
        var rng = new Random(20250101);
        var valid = Rich(rng);
        using var dir = new TempDir();
        Assert.Equal(12, GgufCorruptTests.OpenAndReadAll(dir.Write("valid.gguf", valid)));
        var headerEnd = valid.AsSpan().IndexOf("q6_k"u8) + 64;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 600; i++)
        {
            var b = (byte[])valid.Clone();
            switch (i % 5)
            {
                case 0: // flip a few header bytes
                    for (var k = rng.Next(1, 4); k > 0; k--)
                    {
                        b[rng.Next(4, headerEnd)] ^= (byte)rng.Next(1, 256);
                    }

                    break;
                case 1: // write an extreme u64 or u32 somewhere in the header
                {
                    var at = rng.Next(4, headerEnd - 8);
                    ulong[] extremes = [0, 1, 0xFFFFFFFF, ulong.MaxValue, 1UL << 63, 1UL << 32, 255, 65];
                    var v = extremes[rng.Next(extremes.Length)];
                    if (rng.Next(2) == 0)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), (uint)v);
                    }

                    break;
                }

                case 2: // truncate
                    b = b[..rng.Next(0, b.Length)];
                    break;
                case 3: // random data bytes (any value must decode)
                    for (var k = 0; k < 50; k++)
                    {
                        b[rng.Next(headerEnd, b.Length)] = (byte)rng.Next(256);
                    }

                    break;
                default: // small random u32 in a header slot (types, n_dims, counts)
                    var slot = b.AsSpan(rng.Next(4, headerEnd - 4));
                    BinaryPrimitives.WriteUInt32LittleEndian(slot, (uint)rng.Next(0, 70));
                    break;
            }

            OnlyTyped(dir.Write($"m{i}.gguf", b), $"mutation #{i} (kind {i % 5})");
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Random_bytes_after_the_magic_only_throw_the_typed_exception()
    {
        var rng = new Random(77);
        using var dir = new TempDir();
        for (var i = 0; i < 300; i++)
        {
            var b = new byte[rng.Next(4, 300)];
            rng.NextBytes(b);
            "GGUF"u8.CopyTo(b);
            if (b.Length >= 24 && i % 2 == 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 3);
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), (ulong)rng.Next(0, 4));
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), (ulong)rng.Next(0, 4));
            }

            OnlyTyped(dir.Write($"r{i}.gguf", b), $"random #{i}");
        }
    }
}
