using System.Globalization;
using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.GpuBench;

/// <summary>Parsed command line of the GPU benchmark.</summary>
/// <param name="Device">Accelerator family, or null for the best GPU (CUDA, then OpenCL).</param>
/// <param name="Quick">Tiny sizes (seconds on ILGPU's CPU accelerator); not a measurement of anything.</param>
/// <param name="OutPath">Also write the report to this file, or null.</param>
/// <param name="Cases">Cases to run, in the canonical order.</param>
/// <param name="Warmup">Untimed runs before timing (null: 1 quick, 2 full).</param>
/// <param name="Reps">Timed repetitions (null: 3 quick, 5 full; large dense sizes use 3).</param>
/// <param name="MaxN">Skip dense and jacobi sizes above this order (null: all).</param>
internal sealed record BenchOptions(
    GpuDeviceKind? Device, bool Quick, string? OutPath, IReadOnlyList<string> Cases, int? Warmup, int? Reps,
    int? MaxN = null)
{
    /// <summary>Every case, in the order they run (peaks first: the others report fractions of its peaks).</summary>
    public static IReadOnlyList<string> AllCases { get; } = ["peaks", "gram", "convert", "dense", "jacobi", "ks"];

    public const string Usage =
        "usage: gpuspectral-gpubench [--device cuda|opencl|cpu] [--quick] [--out results.md] [--warmup N] " +
        "[--reps N] [--max-n N] [cases…]\n  cases: " + "peaks gram convert dense jacobi ks (default: all)\n" +
        "  --device cpu runs ILGPU's CPU accelerator (an emulator: use with --quick)";

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="ArgumentException">Unknown option, case or device; the message includes the usage.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        GpuDeviceKind? device = null;
        var quick = false;
        string? outPath = null;
        int? warmup = null, reps = null, maxN = null;
        var cases = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "--quick":
                    quick = true;
                    break;
                case "--device":
                    device = Value(args, ref i) switch
                    {
                        "cuda" => GpuDeviceKind.Cuda,
                        "opencl" => GpuDeviceKind.OpenCl,
                        "cpu" or "ilgpu-cpu" => GpuDeviceKind.IlgpuCpu,
                        var other => throw new ArgumentException($"unknown device '{other}'\n{Usage}", nameof(args)),
                    };
                    break;
                case "--out":
                    outPath = Value(args, ref i);
                    break;
                case "--warmup":
                    warmup = Count(Value(args, ref i), 0);
                    break;
                case "--reps":
                    reps = Count(Value(args, ref i), 1);
                    break;
                case "--max-n":
                    maxN = Count(Value(args, ref i), 1);
                    break;
                default:
                    if (!AllCases.Contains(a))
                    {
                        throw new ArgumentException($"unknown case or option '{a}'\n{Usage}", nameof(args));
                    }

                    cases.Add(a);
                    break;
            }
        }

        var ordered = cases.Count == 0 ? AllCases : AllCases.Where(cases.Contains).ToList();
        return new BenchOptions(device, quick, outPath, ordered, warmup, reps, maxN);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value\n{Usage}", nameof(args));

    private static int Count(string text, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v
            : throw new ArgumentException($"expected an integer ≥ {min}, got '{text}'\n{Usage}", nameof(text));
}
