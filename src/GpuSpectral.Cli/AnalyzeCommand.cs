using System.CommandLine;
using GpuSpectral.Compute;
using GpuSpectral.Compute.Gpu;
using GpuSpectral.Engine;
using GpuSpectral.Engine.Sharding;

namespace GpuSpectral.Cli;

/// <summary><c>gpuspectral analyze [PATH]</c>: per-layer spectral metrics of a checkpoint.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the results: .csv (details, plus <stem>_summary.csv), .json (everything), or .jsonl "
                + "(each layer appended as soon as it is done; combine parts with 'merge')",
        };
        var resume = new Option<bool>("--resume")
        {
            Description = "Continue an interrupted --out x.jsonl run: skip the layers it already holds (same options)",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Analyse one shard of the layers: i/N (0-based), or auto (index from JOB_COMPLETION_INDEX or "
                + "SLURM_ARRAY_TASK_ID, count from --shard-count or GPUSPECTRAL_SHARD_COUNT)",
        };
        var shardCount = new Option<int?>("--shard-count") { Description = "Number of shards for --shard auto" };
        var maxHost = new Option<string?>("--max-host-memory")
        {
            Description = "Bytes of decoded tensors in flight between reader and solver, e.g. 2G or 512M "
                + "(default: 1/32 of the memory available to the process, 256M–2G)",
        };
        var maxDevice = new Option<string?>("--max-device-memory")
        {
            Description = "Device memory one GPU launch may use, e.g. 40G (default: 90% of the device's free memory); a "
                + "layer that needs more runs on the CPU with a warning",
        };
        var devices = new Option<string?>("--devices")
        {
            Description = "GPU devices to use: all | 0,1,... (one worker per device; default: the first device)",
        };
        var progressMode = new Option<string>("--progress")
        {
            Description = "Progress on stderr: auto (a bar on a terminal, nothing otherwise) | bar | json (one line "
                + "per layer) | none",
            DefaultValueFactory = _ => "auto",
        };
        progressMode.AcceptOnlyFromAmong("auto", "bar", "json", "none");
        var backend = new Option<string>("--backend")
        {
            Description = "Eigen solver: auto (LAPACK if found, else managed) | lapack | managed | cuda | opencl | "
                + "ilgpu-cpu (the GPU kernels on ILGPU's CPU emulator: slow, for tests)",
            DefaultValueFactory = _ => "auto",
        };
        backend.AcceptOnlyFromAmong("auto", "lapack", "managed", "cuda", "opencl", "ilgpu-cpu");
        var precision = new Option<string>("--precision")
        {
            Description = "Gram matrix precision of the GPU backends: fp64 | fp32 (eigenvalues and fits stay float64)",
            DefaultValueFactory = _ => "fp64",
        };
        precision.AcceptOnlyFromAmong("fp64", "fp32");
        var xmax = new Option<int?>("--xmax")
        {
            Description = "Drop this many of the largest eigenvalues before the power-law fit (WeightWatcher's xmax=k)",
        };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Eigenvalue threshold of weak_rank_loss", DefaultValueFactory = _ => 1e-6,
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No table on the console" };
        var mpFit = new Option<bool>("--mp-fit") { Description = "Marchenko–Pastur fit columns (sigma_mp, num_spikes, …)" };
        var randomize = new Option<bool>("--randomize")
        {
            Description = "Shuffle each matrix and analyse the random spectrum (rand_* columns, correlation traps)",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the --randomize shuffles", DefaultValueFactory = _ => 0 };
        var vectors = new Option<bool>("--vectors") { Description = "Eigenvector localization/participation/entropy columns" };
        var detx = new Option<bool>("--detx") { Description = "detX columns (the ERG condition det X = 1 on the tail)" };
        var fit = new Option<string>("--fit")
        {
            Description = "Tail distribution: pl (power law) | tpl (truncated power law, xmin by its KS distance; slow) "
                + "| e-tpl (truncated power law with xmin in the ESD-peak window)",
            DefaultValueFactory = _ => "pl",
        };
        fit.AcceptOnlyFromAmong("pl", "tpl", "e-tpl");
        var fingers = new Option<string>("--fix-fingers")
        {
            Description = "none | clip-xmax (drop up to 9 largest eigenvalues while alpha falls by > --finger-thresh) | "
                + "xmin-peak (xmin near the ESD peak; WeightWatcher's log/linear bug only with --compat ww)",
            DefaultValueFactory = _ => "none",
        };
        fingers.AcceptOnlyFromAmong("none", "clip-xmax", "xmin-peak");
        var fingerThresh = new Option<double>("--finger-thresh")
        {
            Description = "clip-xmax threshold on alpha", DefaultValueFactory = _ => 1.0,
        };
        var xminMax = new Option<double?>("--xmin-max") { Description = "Largest allowed xmin (eigenvalue units)" };
        var compareFits = new Option<bool>("--compare-fits")
        {
            Description = "Likelihood-ratio tests (normalised R, p) of the power law against lognormal, exponential "
                + "and truncated power law",
        };
        var plots = new Option<string?>("--plots") { Description = "Write per-layer PNG plots (ESD, KS landscape, MP fit, localization) and alpha by layer into DIR" };
        var html = new Option<string?>("--report") { Description = "Write a self-contained HTML report (summary, sortable table, plots) to FILE.html" };

        var cmd = new Command("analyze", "Spectral analysis of every weight matrix (ESD, power-law fit, metrics)");
        common.AddTo(cmd);
        foreach (var o in new Option[]
                 {
                     output, resume, shard, shardCount, maxHost, maxDevice, devices, progressMode, backend, precision, xmax, tolerance, quiet, mpFit,
                     randomize, seed, vectors, detx, fit, fingers, fingerThresh, xminMax, compareFits, plots, html,
                 })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction((r, ct) => Task.FromResult(CliRunner.Run(r.GetValue(common.Verbose), () =>
        {
            var outPath = r.GetValue(output);
            OutputTarget.Check(outPath, r.GetValue(resume));
            var options = new AnalysisOptions
            {
                Plan = common.ToPlanOptions(r),
                XmaxDrop = r.GetValue(xmax),
                Tolerance = r.GetValue(tolerance),
                Format = r.GetValue(common.Format),
                MpFit = r.GetValue(mpFit),
                Randomize = r.GetValue(randomize),
                Seed = r.GetValue(seed),
                Vectors = r.GetValue(vectors),
                DetX = r.GetValue(detx),
                KeepLandscape = r.GetValue(plots) is not null || r.GetValue(html) is not null,
                Fit = r.GetValue(fit) switch
                {
                    "tpl" => FitKind.TruncatedPowerLaw,
                    "e-tpl" => FitKind.ExponentialTruncatedPowerLaw,
                    _ => FitKind.PowerLaw,
                },
                FixFingers = r.GetValue(fingers) switch
                {
                    "clip-xmax" => FingerFixMode.ClipXmax,
                    "xmin-peak" => FingerFixMode.XminPeak,
                    _ => FingerFixMode.None,
                },
                FingerThreshold = r.GetValue(fingerThresh),
                XminMax = r.GetValue(xminMax),
                CompareFits = r.GetValue(compareFits),
            };
            var visuals = new VisualTargets(r.GetValue(plots), r.GetValue(html));
            visuals.Check();
            var run = new RunOptions
            {
                Shard = r.GetValue(shard) is string s
                    ? ShardSpec.Parse(s, r.GetValue(shardCount), Environment.GetEnvironmentVariable)
                    : null,
                MaxHostMemory = r.GetValue(maxHost) is string m ? ByteSize.Parse(m, "--max-host-memory") : null,
            };
            var kind = r.GetValue(backend) switch
            {
                "lapack" => EigenBackendKind.Lapack,
                "managed" => EigenBackendKind.Managed,
                "cuda" => EigenBackendKind.Cuda,
                "opencl" => EigenBackendKind.OpenCl,
                "ilgpu-cpu" => EigenBackendKind.IlgpuCpu,
                _ => EigenBackendKind.Auto,
            };
            var gramPrecision = r.GetValue(precision) == "fp32" ? GpuPrecision.Fp32 : GpuPrecision.Fp64;
            var eigen = AnalyzeBackends.Create(kind, gramPrecision, r.GetValue(devices),
                r.GetValue(maxDevice) is string md ? ByteSize.Parse(md, "--max-device-memory") : null,
                w => Console.Error.WriteLine(w.StartsWith("warning:", StringComparison.Ordinal) ? w : $"warning: {w}"));
            var job = new AnalyzeRun(eigen, common.ResolvePath(r), options, run, outPath, r.GetValue(resume)) { Visuals = visuals };
            return job.Execute(r.GetValue(progressMode) ?? "auto", r.GetValue(quiet), ct);
        })));
        return cmd;
    }
}
