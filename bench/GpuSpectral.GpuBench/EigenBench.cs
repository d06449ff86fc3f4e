using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.GpuBench;

/// <summary>
/// Runs one <see cref="EigenVariant"/>: a reference check against the float64 CPU solver at a small size, then the
/// timed batch, whose eigenvalues are checked against the matrices' invariants (Σλ = trace, Σλ² = ‖A‖²_F).
/// </summary>
internal static class EigenBench
{
    /// <summary>Max relative error vs the CPU reference at order <paramref name="n"/> (count matrices) and whether
    /// it is within the variant's tolerance.</summary>
    public static (bool Ok, string Note) ReferenceCheck(BenchContext ctx, EigenVariant v, int n, int count)
    {
        try
        {
            var host = Round(v, HostReference.Symmetric(new Random(1000 + n), n, count));
            var values = Solve(ctx, v, host, n, count, out _, timed: false);
            double worst = 0;
            for (var b = 0; b < count; b++)
            {
                var reference = ctx.Reference.Eigenvalues(host.AsSpan(b * n * n, n * n).ToArray(), n);
                worst = Math.Max(worst, HostReference.EigenError(values[b], reference));
            }

            var tol = v.Tolerance(n);
            return (worst <= tol, BenchFormat.Inv(
                $"ref n={n}×{count}: max|Δλ|/|λ|max {BenchFormat.Sci(worst)} ≤ {BenchFormat.Sci(tol)}"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (false, $"ref n={n}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The timed run of <paramref name="count"/> random n×n matrices; null time when a check fails.</summary>
    public static BenchRow Timed(
        BenchContext ctx, string @case, EigenVariant v, (bool Ok, string Note) reference, int n, int count, bool large)
    {
        var size = count == 1 ? $"n={n}" : $"{count} × n={n}";
        try
        {
            var host = Round(v, HostReference.Symmetric(new Random(n + (7 * count)), n, count));
            var values = Solve(ctx, v, host, n, count, out var timing, timed: true, large);
            var violation = HostReference.InvariantViolation(host, n, values, v.U);
            var ok = reference.Ok && violation <= 1;
            var note = $"{reference.Note}; Σλ, Σλ² vs trace, ‖A‖²_F: {BenchFormat.Sci(violation)} of bound";
            return new BenchRow(@case, v.Name, size, ok ? timing : null, "—", "—", note, ok);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new BenchRow(@case, v.Name, size, null, "—", "—", $"{e.GetType().Name}: {e.Message}", false);
        }
    }

    private static double[] Round(EigenVariant v, double[] host) =>
        v.Single ? Array.ConvertAll(host, x => (double)(float)x) : host;

    private static double[][] Solve(
        BenchContext ctx, EigenVariant v, double[] host, int n, int count, out BenchTiming? timing, bool timed,
        bool large = false)
    {
        var acc = ctx.Accelerator;
        using var session = v.Session?.Invoke(n, count);
        using var pristine64 = acc.Allocate1D<double>(v.Single ? 0 : host.Length);
        using var work64 = acc.Allocate1D<double>(v.Single ? 0 : host.Length);
        using var pristine32 = acc.Allocate1D<float>(v.Single ? host.Length : 0);
        using var work32 = acc.Allocate1D<float>(v.Single ? host.Length : 0);
        if (v.Single)
        {
            pristine32.CopyFromCPU(Array.ConvertAll(host, x => (float)x));
        }
        else
        {
            pristine64.CopyFromCPU(host);
        }

        void Setup()
        {
            if (v.Single)
            {
                pristine32.View.CopyTo(work32.View);
            }
            else
            {
                pristine64.View.CopyTo(work64.View);
            }
        }

        double[][] result = [];
        void Body() => result = v.Solve(acc, work64.View, work32.View, n, count, session);
        if (timed)
        {
            timing = ctx.Time(Setup, Body, large);
        }
        else
        {
            timing = null;
            Setup();
            Body();
        }

        acc.Synchronize();
        return result;
    }
}
