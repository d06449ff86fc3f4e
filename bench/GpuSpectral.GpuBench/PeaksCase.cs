using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.GpuBench;

/// <summary>
/// peaks: the measured ceilings the other cases are compared with. Copy bandwidth: one device-to-device copy of a
/// large buffer (bytes read + bytes written). Matrix-product rate: a large square product, fp64 with cuBLAS dgemm
/// (2n³ FLOP) when cuBLAS loads on CUDA and with the ILGPU Gram kernel (n³ FLOP, the symmetric half), fp32 with
/// the Gram kernel only (sgemm is not bound); the best fp64 and fp32 rates are the peaks.
/// </summary>
internal static class PeaksCase
{
    public const string Name = "peaks";

    public static IReadOnlyList<BenchRow> Run(BenchContext ctx)
    {
        var elements = ctx.Quick ? 1L << 12 : 1L << 27;
        var rows = new List<BenchRow> { CopyRow(ctx, elements) };
        var n = ctx.Quick ? 32 : 8192;
        var gram64 = GramCase.Row(ctx, Name, GramBench.Kind.IlgpuFloat64, n, n, large: true);
        var gram32 = GramCase.Row(ctx, Name, GramBench.Kind.IlgpuFloat32, n, n, large: true);
        var dgemm = ctx.Cublas is not null
            ? GramCase.Row(ctx, Name, GramBench.Kind.CublasDgemm, n, n, large: true)
            : BenchRow.Skipped(Name, GramBench.Label(GramBench.Kind.CublasDgemm), $"{n}×{n}", ctx.CublasNote);

        ctx.CopyPeak = rows[0].Time is { } t ? 2.0 * elements * sizeof(double) / t.Median : double.NaN;
        ctx.Fp64Peak = Max(Rate(gram64, GramBench.Flops(GramBench.Kind.IlgpuFloat64, n, n)),
            Rate(dgemm, GramBench.Flops(GramBench.Kind.CublasDgemm, n, n)));
        ctx.Fp32Peak = Rate(gram32, GramBench.Flops(GramBench.Kind.IlgpuFloat32, n, n));
        rows[0] = rows[0] with { OfPeak = rows[0].Time is null ? "—" : "copy peak" };
        rows.Add(Mark(gram64, ctx.Fp64Peak, n, GramBench.Kind.IlgpuFloat64));
        rows.Add(Mark(dgemm, ctx.Fp64Peak, n, GramBench.Kind.CublasDgemm));
        rows.Add(Mark(gram32, ctx.Fp32Peak, n, GramBench.Kind.IlgpuFloat32));
        return rows;
    }

    private static BenchRow CopyRow(BenchContext ctx, long elements)
    {
        var size = BenchFormat.Inv($"{elements * sizeof(double) / (1024.0 * 1024):0.###} MiB fp64");
        try
        {
            var acc = ctx.Accelerator;
            var host = new double[elements];
            for (long i = 0; i < elements; i++)
            {
                host[i] = i * 0.5;
            }

            using var source = acc.Allocate1D(host);
            using var target = acc.Allocate1D<double>(elements);
            var time = ctx.Time(null, () => source.View.CopyTo(target.View));
            var copied = target.GetAsArray1D();
            var mismatches = 0L;
            for (long i = 0; i < elements; i++)
            {
                mismatches += copied[i] == host[i] ? 0 : 1;
            }

            var ok = mismatches == 0;
            var rate = 2.0 * elements * sizeof(double) / time.Median;
            return new BenchRow(Name, "device-to-device copy", size, ok ? time : null,
                $"{BenchFormat.Bandwidth(rate)} (read + write)", "", $"{mismatches} of {elements} elements differ", ok);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new BenchRow(Name, "device-to-device copy", size, null, "—", "—",
                $"{e.GetType().Name}: {e.Message}", false);
        }
    }

    private static double Rate(BenchRow row, double flops) =>
        row.Time is null ? double.NaN : flops / row.Time.Median;

    private static double Max(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    private static BenchRow Mark(BenchRow row, double peak, int n, GramBench.Kind kind)
    {
        if (row.Time is null)
        {
            return row;
        }

        var rate = Rate(row, GramBench.Flops(kind, n, n));
        return row with { OfPeak = rate >= peak ? "peak" : BenchFormat.Percent(rate / peak) };
    }
}
