using System.Text;
using GpuSpectral.Compute.Gpu;

namespace GpuSpectral.GpuBench;

/// <summary>Runs the selected cases on the selected device and writes the Markdown report.</summary>
internal static class BenchRunner
{
    /// <summary>What each case measures, printed above its table.</summary>
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["peaks"] = "Measured ceilings: device-to-device copy (bytes read + written); large square products — ILGPU " +
                    "Gram kernel fp64/fp32 (m·n² FLOP, the symmetric half) and cuBLAS dgemm fp64 (2n³) when cuBLAS " +
                    "loads. The best fp64/fp32 rates are the peaks used below.",
        ["gram"] = "X = WᵀW of an m×n W (n = smaller side) with the ILGPU Gram kernel; FLOP = m·n² (2·m·n²/2).",
        ["convert"] = "Raw bf16/f16/fp8 bytes → fp64/fp32 on the device; GB/s = N·(in + out bytes)/t vs the copy peak.",
        ["dense"] = "All eigenvalues of one n×n symmetric matrix: ILGPU DenseEigenSolver vs cuSOLVER dsyevd " +
                    "(values only, fp64; ssyevd is not bound). GFLOP/s use the nominal 4n³/3.",
        ["jacobi"] = "Batches of symmetric matrices: ILGPU BatchedJacobiSolver (one launch) vs cuSOLVER dsyevd " +
                     "looped per matrix, and dsyevjBatched for n ≤ 32.",
        ["ks"] = "Power-law xmin scan over N sorted eigenvalues: device KS scan (upload + scan + download) vs the " +
                 "CPU PowerLawFitter; the choice must agree.",
    };

    /// <summary>Opens the device of <paramref name="options"/> (best GPU when none is named).</summary>
    /// <exception cref="InvalidOperationException">No such device; the message says why.</exception>
    public static GpuDevice OpenDevice(BenchOptions options) =>
        options.Device is { } kind ? GpuDevice.Open(kind) : GpuDevice.OpenBest();

    /// <summary>Runs every selected case; the report goes to <paramref name="output"/> as each case finishes.</summary>
    /// <returns>All rows, by case.</returns>
    public static IReadOnlyDictionary<string, IReadOnlyList<BenchRow>> Run(
        BenchOptions options, string command, TextWriter output)
    {
        using var ctx = new BenchContext(OpenDevice(options), options);
        var report = new StringBuilder(BenchHeader.Build(ctx, command));
        output.Write(report.ToString());
        output.Flush();
        var results = new Dictionary<string, IReadOnlyList<BenchRow>>();
        foreach (var name in options.Cases)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            IReadOnlyList<BenchRow> rows = name switch
            {
                PeaksCase.Name => PeaksCase.Run(ctx),
                GramCase.Name => GramCase.Run(ctx),
                ConvertCase.Name => ConvertCase.Run(ctx),
                DenseCase.Name => DenseCase.Run(ctx),
                JacobiCase.Name => JacobiCase.Run(ctx),
                KsCase.Name => KsCase.Run(ctx),
                _ => throw new ArgumentException($"unknown case {name}", nameof(options)),
            };
            results[name] = rows;
            var section = new StringBuilder();
            section.AppendLine();
            section.AppendLine($"## {name}");
            section.AppendLine();
            section.AppendLine(Descriptions[name]);
            section.AppendLine();
            section.Append(BenchFormat.Table(rows));
            section.AppendLine();
            section.AppendLine(BenchFormat.Inv($"(case wall time {watch.Elapsed.TotalSeconds:0.0} s)"));
            output.Write(section.ToString());
            output.Flush();
            report.Append(section);
        }

        if (options.OutPath is not null)
        {
            File.WriteAllText(options.OutPath, report.ToString());
        }

        return results;
    }
}
