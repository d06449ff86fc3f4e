using System.Diagnostics;
using GpuSpectral.Checkpoints.PyTorch;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Errors;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Checkpoints.Tests.PyTorch;

/// <summary>
/// Property: for random and mutated inputs, opening a PyTorch checkpoint and reading every tensor either succeeds or
/// throws <see cref="CheckpointFormatException"/>, never anything else.
/// </summary>
public sealed class TorchFuzzTests
{
    // (Multi-line messages are not asserted here: ZipDirectory quotes raw member names, reported to the lead.)
    private static void OnlyTypedFailures(string path, string what) =>
        ReaderAssert.OnlyTypedFailures(path, what, TorchAssert.OpenAndReadAll);

    /// <summary>Flip, set, truncate, extend or splice; positions biased to <paramref name="hot"/> ranges.</summary>
    private static byte[] Mutate(byte[] valid, Random rng, (int Start, int End)[] hot)
    {
        var b = (byte[])valid.Clone();
        int Pos()
        {
            if (hot.Length > 0 && rng.Next(4) != 0)
            {
                var (s, e) = hot[rng.Next(hot.Length)];
                return Math.Clamp(rng.Next(s, Math.Max(s + 1, e)), 0, b.Length - 1);
            }

            return rng.Next(b.Length);
        }

        switch (rng.Next(6))
        {
            case 0:
                for (var k = rng.Next(1, 4); k > 0; k--)
                {
                    b[Pos()] ^= (byte)(1 << rng.Next(8));
                }

                return b;
            case 1:
                b[Pos()] = (byte)rng.Next(256);
                return b;
            case 2:
                b[Pos()] = (byte)(rng.Next(2) == 0 ? 0xFF : 0x00);
                return b;
            case 3:
                return b[..Pos()];
            case 4:
                var extra = new byte[rng.Next(1, 64)];
                rng.NextBytes(extra);
                return [.. b, .. extra];
            default:
                var at = Pos();
                var junk = new byte[rng.Next(1, 16)];
                rng.NextBytes(junk);
                return [.. b[..at], .. junk, .. b[at..]];
        }
    }

    public static TheoryData<string> RealFiles() => new(
        "digits_mlp/digits_mlp.pt", "digits_mlp/digits_mlp_legacy.pt", "digits_mlp/digits_mlp_fp16.pt",
        "digits_lenet/digits_lenet.pt");

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void Mutated_real_checkpoints_only_throw_the_typed_exception(string file)
    {
        var valid = File.ReadAllBytes(SharedData.Data(file));
        using var dir = new TempDir();
        Assert.True(TorchAssert.OpenAndReadAll(dir.Write("valid.pt", valid)) >= 8);

        // Hot spots: the pickle(s) near the start and the ZIP directory at the end.
        (int, int)[] hot = [(0, 1100), (valid.Length - 1200, valid.Length)];
        var rng = new Random(file.Length * 7919);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 60; i++)
        {
            var path = dir.Write($"m{i}.pt", Mutate(valid, rng, hot));
            OnlyTypedFailures(path, $"{file} mutation #{i}");
            File.Delete(path);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"too slow: {watch.Elapsed}");
    }

    public static TheoryData<string> SyntheticKinds() => new("zip2", "zip4", "zip5", "legacy", "views");

    [Theory]
    [MemberData(nameof(SyntheticKinds))]
    public void Mutated_synthetic_checkpoints_only_throw_the_typed_exception(string kind)
    {
        var valid = kind switch
        {
            "zip2" => TorchWriter.Sample(2).Zip(),
            "zip4" => TorchWriter.Sample(4).Zip(),
            "zip5" => new TorchWriter
            {
                Protocol = 5, Wrapper = "state_dict", Storages = TorchWriter.Sample().Storages,
                Tensors = TorchWriter.Sample().Tensors,
            }.Zip(),
            "legacy" => TorchWriter.Sample(legacy: true).LegacyFile(),
            _ => new TorchWriter
            {
                Storages = [TorchWriter.F32("0", Enumerable.Range(0, 64).Select(i => (float)i).ToArray())],
                Tensors =
                [
                    new TensorSpec("a", "0", 3, [4, 5], [1, 6]),
                    new TensorSpec("b", "0", 0, [2, 2, 2], [16, 1, 4]) { Rebuild = "param" },
                    new TensorSpec("c", "0", 60, [], []) { Rebuild = "fromtype" },
                ],
            }.Zip(),
        };
        using var dir = new TempDir();
        Assert.True(TorchAssert.OpenAndReadAll(dir.Write("valid.pt", valid)) >= 3);
        var rng = new Random(kind.Sum(ch => ch) * 31);
        for (var i = 0; i < 300; i++)
        {
            OnlyTypedFailures(dir.Write($"m{i}.pt", Mutate(valid, rng, [])), $"{kind} mutation #{i}");
        }
    }

    [Fact]
    public void Random_bytes_with_torch_prefixes_only_throw_the_typed_exception()
    {
        using var dir = new TempDir();
        var rng = new Random(20240612);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[rng.Next(0, 600)];
            rng.NextBytes(bytes);
            switch (i % 4)
            {
                case 0 when bytes.Length >= 15:
                    TorchWriter.LegacyMagic.CopyTo(bytes, 0);
                    break;
                case 1 when bytes.Length >= 4:
                    bytes[0] = 0x50;
                    bytes[1] = 0x4B;
                    bytes[2] = 3;
                    bytes[3] = 4;
                    break;
                case 2 when bytes.Length >= 40:
                    // A legacy header followed by random pickle bytes.
                    byte[] head = [.. TorchWriter.LegacyMagic, 0x80, 2, 0x4D, 0xE9, 0x03, 0x2E, 0x80, 2];
                    head.CopyTo(bytes, 0);
                    break;
            }

            OnlyTypedFailures(dir.Write($"r{i}.pt", bytes), $"random #{i}");
        }
    }

    [Fact]
    public void Random_pickles_only_throw_the_typed_exception()
    {
        // Random opcode soup from the allowed set, run straight through the VM.
        byte[] ops =
        [
            0x28, 0x29, 0x4E, 0x5D, 0x7D, 0x61, 0x65, 0x73, 0x75, 0x74, 0x85, 0x86, 0x87, 0x88, 0x89, 0x52, 0x62,
            0x51, 0x71, 0x68, 0x94, 0x8F, 0x90, 0x91, 0x81, 0x93, 0x2E,
        ];
        var rng = new Random(77);
        for (var i = 0; i < 3000; i++)
        {
            var body = new List<byte> { 0x80, (byte)rng.Next(2, 6) };
            for (var k = rng.Next(1, 40); k > 0; k--)
            {
                var op = ops[rng.Next(ops.Length)];
                body.Add(op);
                if (op is 0x71 or 0x68)
                {
                    body.Add((byte)rng.Next(4));
                }
                else if (rng.Next(6) == 0)
                {
                    body.AddRange([0x8C, 7, .. "storage"u8]);
                }
            }

            body.Add(0x2E);
            var vm = new PickleMachine("fuzz.pt", "fuzz", PersistentIdKind.Zip);
            try
            {
                var value = vm.Run(body.ToArray(), 0, out _);
                StateDictWalker.Collect(value, "fuzz.pt", "fuzz");
            }
            catch (CheckpointFormatException)
            {
            }
        }
    }
}
