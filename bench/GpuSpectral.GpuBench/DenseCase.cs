using GpuSpectral.Kernels.Dense;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.GpuBench;

/// <summary>
/// dense: all eigenvalues of one symmetric n×n matrix at n = 256, 1024, 4096, 8192 — ILGPU DenseEigenSolver (fp64,
/// fp32) vs cuSOLVER dsyevd values-only (fp64; ssyevd is not bound). Rate: nominal 4n³/3 FLOP (the Householder
/// tridiagonalization, which dominates), so GFLOP/s compare like with like; times include the download of the n
/// eigenvalues.
/// </summary>
internal static class DenseCase
{
    public const string Name = "dense";

    public static IReadOnlyList<BenchRow> Run(BenchContext ctx)
    {
        int[] all = ctx.Quick ? [8, 17] : [256, 1024, 4096, 8192];
        var sizes = all.Where(n => n <= ctx.MaxN).ToArray();
        var refN = ctx.Quick ? 12 : 64;
        var variants = new List<EigenVariant>();
        if (ctx.Cusolver is not null && ctx.Accelerator is CudaAccelerator cuda)
        {
            variants.Add(new EigenVariant("cuSOLVER dsyevd fp64", false,
                (_, m, _, _, _, s) => ((CusolverSession)s!).SyevdLoop(m),
                (n, count) => new CusolverSession(cuda, ctx.Cusolver, n, count)));
        }

        variants.Add(new EigenVariant("ILGPU dense fp64", false,
            (acc, m, _, n, count, _) => new DenseEigenSolver().Eigenvalues(acc, m, n, count)));
        variants.Add(new EigenVariant("ILGPU dense fp32", true,
            (acc, _, m, n, count, _) => DenseEigenSolver.EigenvaluesSingle(acc, m, n, count)));

        var rows = new List<BenchRow>();
        var checks = variants.ToDictionary(v => v, v => EigenBench.ReferenceCheck(ctx, v, refN, 1));
        foreach (var n in sizes)
        {
            double? baseline = null;
            foreach (var v in variants)
            {
                var row = EigenBench.Timed(ctx, Name, v, checks[v], n, 1, large: n >= 4096);
                if (row.Time is not null)
                {
                    var flops = 4.0 * n * n * n / 3.0;
                    var vs = v.Name.StartsWith("cuSOLVER", StringComparison.Ordinal)
                        ? "baseline"
                        : baseline is { } b ? $"{BenchFormat.Ratio(row.Time.Median / b)} cuSOLVER's time" : "—";
                    if (v.Name.StartsWith("cuSOLVER", StringComparison.Ordinal))
                    {
                        baseline = row.Time.Median;
                    }

                    row = row with { Rate = $"{BenchFormat.Flops(flops / row.Time.Median)} (4n³/3)", OfPeak = vs };
                }

                rows.Add(row);
            }

            if (ctx.Cusolver is null)
            {
                rows.Add(BenchRow.Skipped(Name, "cuSOLVER dsyevd fp64", $"n={n}", ctx.CusolverNote));
            }
        }

        return rows;
    }
}
