using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GpuSpectral.Checkpoints.Synth;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Cli;

/// <summary>
/// <c>gpuspectral synth OUTDIR --arch NAME</c>: writes a synthetic sharded safetensors checkpoint with the exact
/// tensor names and shapes of a published architecture (optionally scaled down), for tests and benchmarks.
/// </summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var outDir = new Argument<string>("outdir") { Description = "Folder to write (created if missing)" };
        var arch = new Option<string>("--arch")
        {
            Description = "Architecture whose tensor names and shapes are reproduced",
            Required = true,
        };
        arch.AcceptOnlyFromAmong([.. SynthArchitectureNames.All]);
        var scale = new Option<double>("--scale")
        {
            Description = "Shrink hidden, MLP, vocabulary and context sizes by S (0 < S ≤ 1); head counts are kept and "
                + "the hidden size is rounded to a multiple of them, the MLP width to a multiple of 8",
            DefaultValueFactory = _ => 1.0,
        };
        var layers = new Option<int?>("--layers") { Description = "Number of transformer blocks (default: the architecture's)" };
        var dtype = new Option<string>("--dtype") { Description = "Stored element type", DefaultValueFactory = _ => "bf16" };
        dtype.AcceptOnlyFromAmong("bf16", "f16", "f32");
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed and options give byte-identical files", DefaultValueFactory = _ => 1UL };
        var shardSize = new Option<string>("--shard-size")
        {
            Description = "Largest tensor data per shard file: bytes, or with a suffix KB/MB/GB (decimal) or "
                + "KiB/MiB/GiB; a larger tensor gets a shard of its own",
            DefaultValueFactory = _ => "5GB",
        };
        var force = new Option<bool>("--force") { Description = "Write into a non-empty folder, replacing an earlier synth output there" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces of errors" };

        var cmd = new Command("synth", "Write a synthetic LLaMA/Mistral/GPT-2 shaped sharded safetensors checkpoint")
        {
            outDir, arch, scale, layers, dtype, seed, shardSize, force, quiet, verbose,
        };
        cmd.SetAction((r, ct) => Task.FromResult(CliRunner.Run(r.GetValue(verbose), () =>
        {
            var options = new SynthOptions
            {
                Architecture = SynthArchitectureNames.Parse(r.GetValue(arch)!),
                Scale = r.GetValue(scale),
                Layers = r.GetValue(layers),
                DType = r.GetValue(dtype) switch
                {
                    "f16" => DType.F16,
                    "f32" => DType.F32,
                    _ => DType.BF16,
                },
                Seed = r.GetValue(seed),
                ShardSizeBytes = ParseSize(r.GetValue(shardSize)!),
                Overwrite = r.GetValue(force),
            };
            return Run(r.GetValue(outDir)!, options, !r.GetValue(quiet) && !Console.IsErrorRedirected, ct);
        })));
        return cmd;
    }

    private static int Run(string folder, SynthOptions options, bool showProgress, CancellationToken ct)
    {
        if (!(options.Scale > 0 && options.Scale <= 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--scale must be in (0, 1], got {options.Scale}"));
        }

        if (options.Layers is < 1)
        {
            throw new ArgumentException("--layers must be at least 1");
        }

        var watch = Stopwatch.StartNew();
        var lastDraw = TimeSpan.Zero;
        var progress = new SyncProgress<SynthProgress>(p =>
        {
            if (!showProgress || (watch.Elapsed - lastDraw).TotalMilliseconds < 250)
            {
                return;
            }

            lastDraw = watch.Elapsed;
            var rate = p.BytesWritten / Math.Max(watch.Elapsed.TotalSeconds, 1e-3);
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{Mb(p.BytesWritten)} / {Mb(p.TotalBytes)} MB ({100.0 * p.BytesWritten / p.TotalBytes:F0}%), "
                + $"{rate / 1e6:F0} MB/s  {p.CurrentTensor,-48}"));
        });
        SynthPlan plan;
        try
        {
            plan = SynthCheckpointWriter.Write(folder, options, progress, ct);
        }
        catch (IOException e)
        {
            if (showProgress)
            {
                Console.Error.WriteLine();
            }

            Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.BadInput;
        }

        if (showProgress && lastDraw > TimeSpan.Zero)
        {
            Console.Error.WriteLine();
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {SynthArchitectureNames.NameOf(options.Architecture)} ({plan.Tensors.Count} tensors, "
            + $"{plan.ParameterCount:N0} parameters, {options.DType}) as {plan.Shards.Count} shard(s), "
            + $"{plan.TotalFileBytes:N0} bytes, to {folder} in {watch.Elapsed.TotalSeconds:F1} s"));
        return ExitCodes.Ok;
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>5000000000</c>, <c>5GB</c>, <c>500MB</c>, <c>2GiB</c>, <c>100KB</c> (case-insensitive).</summary>
    internal static long ParseSize(string text)
    {
        var t = text.Trim();
        (string Suffix, long Factor)[] units =
        [
            ("KIB", 1L << 10), ("MIB", 1L << 20), ("GIB", 1L << 30), ("KB", 1_000), ("MB", 1_000_000),
            ("GB", 1_000_000_000), ("B", 1),
        ];
        long factor = 1;
        foreach (var (suffix, f) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                t = t[..^suffix.Length].Trim();
                break;
            }
        }

        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !(value * factor >= 1) || value * factor > long.MaxValue / 2)
        {
            throw new ArgumentException($"--shard-size: cannot read '{text}' as a positive size (e.g. 5GB, 500MB, 1000000)");
        }

        return (long)(value * factor);
    }
}
