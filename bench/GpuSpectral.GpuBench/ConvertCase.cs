using GpuSpectral.Kernels.Convert;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.GpuBench;

/// <summary>
/// convert: raw bf16 / f16 / fp8 (E4M3, E5M2) bytes → fp64 and fp32 on the device (ConvertLauncher). Bandwidth
/// counts bytes read + bytes written (N·(in + out)); compared with the measured copy peak. Every element of the
/// timed output is checked against the host decoder (random bytes, so NaN/∞/subnormals are covered).
/// </summary>
internal static class ConvertCase
{
    public const string Name = "convert";

    public static IReadOnlyList<BenchRow> Run(BenchContext ctx)
    {
        var count = ctx.Quick ? 4096 : 1 << 26;
        var rows = new List<BenchRow>();
        RawElementFormat[] formats =
            [RawElementFormat.BFloat16, RawElementFormat.Float16, RawElementFormat.Float8E4M3, RawElementFormat.Float8E5M2];
        foreach (var format in formats)
        {
            foreach (var single in (bool[])[false, true])
            {
                rows.Add(Row(ctx, format, single, count));
            }
        }

        return rows;
    }

    private static BenchRow Row(BenchContext ctx, RawElementFormat format, bool single, int count)
    {
        var variant = $"{format} → {(single ? "fp32" : "fp64")}";
        var size = BenchFormat.Inv($"{count} elements");
        try
        {
            var acc = ctx.Accelerator;
            var bytesIn = RawElementFormats.BytesPerElement(format);
            var raw = new byte[(long)count * bytesIn];
            new Random(count + (int)format).NextBytes(raw);
            using var device = acc.Allocate1D(raw);
            using var out64 = acc.Allocate1D<double>(single ? 0 : count);
            using var out32 = acc.Allocate1D<float>(single ? count : 0);
            var launcher = ConvertLauncher.For(acc);
            var time = single
                ? ctx.Time(null, () => launcher.ToFloat32(device.View, out32.View, format))
                : ctx.Time(null, () => launcher.ToFloat64(device.View, out64.View, format));
            var result = single ? Array.ConvertAll(out32.GetAsArray1D(), x => (double)x) : out64.GetAsArray1D();
            long bad = 0;
            for (long i = 0; i < count; i++)
            {
                var expected = HostDecode.Decode(raw, i, format);
                var actual = result[i];
                var same = double.IsNaN(expected) ? double.IsNaN(actual) : actual.Equals(expected);
                bad += same ? 0 : 1;
            }

            var ok = bad == 0;
            var rate = (double)count * (bytesIn + (single ? 4 : 8)) / time.Median;
            return new BenchRow(Name, variant, size, ok ? time : null, $"{BenchFormat.Bandwidth(rate)} (in + out)",
                BenchContext.OfPeak(rate, ctx.CopyPeak) + " (copy)",
                $"all elements vs host decoder (exact): {bad} differ", ok);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new BenchRow(Name, variant, size, null, "—", "—", $"{e.GetType().Name}: {e.Message}", false);
        }
    }
}
