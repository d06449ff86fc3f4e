namespace GpuSpectral.GpuBench;

/// <summary>
/// gram: X = WᵀW (n×n, n = the smaller side of an m×n W) with the ILGPU Gram kernel, fp64 and fp32. FLOP count
/// m·n² (= 2·m·n²/2: the kernel forms the symmetric half), rate as a fraction of the measured matrix-product peak.
/// </summary>
internal static class GramCase
{
    public const string Name = "gram";

    public static IReadOnlyList<BenchRow> Run(BenchContext ctx)
    {
        (int Rows, int Cols)[] shapes = ctx.Quick
            ? [(33, 17), (20, 45)]
            : [(4096, 4096), (16384, 4096), (8192, 1024), (4096, 11008)];
        var rows = new List<BenchRow>();
        foreach (var (r, c) in shapes)
        {
            foreach (var kind in (GramBench.Kind[])[GramBench.Kind.IlgpuFloat64, GramBench.Kind.IlgpuFloat32])
            {
                rows.Add(Row(ctx, Name, kind, r, c, large: false));
            }
        }

        return rows;
    }

    /// <summary>A table row for one Gram product (also used by the peaks case).</summary>
    public static BenchRow Row(BenchContext ctx, string @case, GramBench.Kind kind, int r, int c, bool large)
    {
        var size = $"{r}×{c} → n={Math.Min(r, c)}";
        try
        {
            var (time, note, ok) = GramBench.Run(ctx, kind, r, c, large);
            if (time is null)
            {
                return new BenchRow(@case, GramBench.Label(kind), size, null, "—", "—", note, ok);
            }

            var flops = GramBench.Flops(kind, r, c);
            var rate = flops / time.Median;
            var peak = kind == GramBench.Kind.IlgpuFloat32 ? ctx.Fp32Peak : ctx.Fp64Peak;
            var count = kind == GramBench.Kind.CublasDgemm ? "2·m·n²" : "m·n²";
            return new BenchRow(@case, GramBench.Label(kind), size, time, $"{BenchFormat.Flops(rate)} ({count})",
                BenchContext.OfPeak(rate, peak), note, ok);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new BenchRow(@case, GramBench.Label(kind), size, null, "—", "—",
                $"{e.GetType().Name}: {e.Message}", false);
        }
    }
}
