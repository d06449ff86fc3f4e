using GpuSpectral.Kernels.Jacobi;
using ILGPU.Runtime.Cuda;

namespace GpuSpectral.GpuBench;

/// <summary>
/// jacobi: batches of 1000 symmetric matrices at n = 32, 64, 128, 256 — ILGPU BatchedJacobiSolver (one launch for
/// the batch, fp64 and fp32) vs cuSOLVER dsyevd called once per matrix, and vs dsyevjBatched (one call) for n ≤ 32.
/// Rate: matrices per second; times include the download of the eigenvalues.
/// </summary>
internal static class JacobiCase
{
    public const string Name = "jacobi";

    private const int MaxSyevjBatched = 32;

    public static IReadOnlyList<BenchRow> Run(BenchContext ctx)
    {
        int[] all = ctx.Quick ? [4, 9] : [32, 64, 128, 256];
        var sizes = all.Where(n => n <= ctx.MaxN).ToArray();
        var count = ctx.Quick ? 6 : 1000;
        var (refN, refCount) = ctx.Quick ? (5, 3) : (24, 4);
        EigenVariant? loop = null, batched = null;
        if (ctx.Cusolver is not null && ctx.Accelerator is CudaAccelerator cuda)
        {
            loop = new EigenVariant("cuSOLVER dsyevd loop fp64", false,
                (_, m, _, _, _, s) => ((CusolverSession)s!).SyevdLoop(m),
                (n, c) => new CusolverSession(cuda, ctx.Cusolver, n, c));
            batched = new EigenVariant("cuSOLVER dsyevjBatched fp64", false,
                (_, m, _, _, _, s) => ((CusolverSession)s!).SyevjBatched(m),
                (n, c) => new CusolverSession(cuda, ctx.Cusolver, n, c));
        }

        var fp64 = new EigenVariant("ILGPU batched Jacobi fp64", false,
            (acc, m, _, n, c, _) => new BatchedJacobiSolver().Eigenvalues(acc, m, n, c));
        var fp32 = new EigenVariant("ILGPU batched Jacobi fp32", true,
            (acc, _, m, n, c, _) => Array.ConvertAll(
                new BatchedJacobiSolver().SolveSingle(acc, m, n, c, wantVectors: false), r => r.Values));
        var variants = new[] { loop, batched, fp64, fp32 }.OfType<EigenVariant>().ToList();
        var checks = variants.ToDictionary(v => v, v => EigenBench.ReferenceCheck(ctx, v, refN, refCount));

        var rows = new List<BenchRow>();
        foreach (var n in sizes)
        {
            double? baseline = null;
            foreach (var v in variants)
            {
                if (v == batched && n > MaxSyevjBatched)
                {
                    continue;
                }

                var row = EigenBench.Timed(ctx, Name, v, checks[v], n, count, large: false);
                if (row.Time is not null)
                {
                    var vs = v == loop
                        ? "baseline"
                        : baseline is { } b ? $"{BenchFormat.Ratio(b / row.Time.Median)} faster than the loop" : "—";
                    if (v == loop)
                    {
                        baseline = row.Time.Median;
                    }

                    row = row with
                    {
                        Rate = BenchFormat.Inv($"{count / row.Time.Median:0.0} matrices/s"),
                        OfPeak = vs,
                    };
                }

                rows.Add(row);
            }

            if (loop is null)
            {
                rows.Add(BenchRow.Skipped(Name, "cuSOLVER dsyevd loop / dsyevjBatched", $"{count} × n={n}",
                    ctx.CusolverNote));
            }
        }

        return rows;
    }
}
