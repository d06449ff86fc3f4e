using System.Buffers.Binary;

namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>
/// ggml's 32-element block formats Q4_0, Q4_1, Q5_0, Q5_1 and Q8_0, decoded exactly as the reference
/// <c>dequantize_row_*</c> in ggml-quants.c: every product and sum is rounded to float32, then widened.
/// </summary>
internal static class GgufLegacyQuants
{
    private const int Qk = 32;

    /// <summary>IEEE binary16 at <paramref name="at"/> to float32 (GGML_FP16_TO_FP32).</summary>
    internal static float Half(ReadOnlySpan<byte> b, int at) =>
        (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(at, 2)));

    /// <summary><c>half d; u8 qs[16]</c>: y = (q − 8)·d.</summary>
    public static void Q4_0(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 18, o += Qk)
        {
            var d = Half(src, i);
            var qs = src.Slice(i + 2, 16);
            for (var j = 0; j < 16; j++)
            {
                y[o + j] = (float)(((qs[j] & 0xF) - 8) * d);
                y[o + j + 16] = (float)(((qs[j] >> 4) - 8) * d);
            }
        }
    }

    /// <summary><c>half d; half m; u8 qs[16]</c>: y = q·d + m.</summary>
    public static void Q4_1(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 20, o += Qk)
        {
            var d = Half(src, i);
            var m = Half(src, i + 2);
            var qs = src.Slice(i + 4, 16);
            for (var j = 0; j < 16; j++)
            {
                y[o + j] = (float)((float)((qs[j] & 0xF) * d) + m);
                y[o + j + 16] = (float)((float)((qs[j] >> 4) * d) + m);
            }
        }
    }

    /// <summary><c>half d; u8 qh[4]; u8 qs[16]</c>: 5-bit q with the high bit in qh, y = (q − 16)·d.</summary>
    public static void Q5_0(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 22, o += Qk)
        {
            var d = Half(src, i);
            var qh = BinaryPrimitives.ReadUInt32LittleEndian(src.Slice(i + 2, 4));
            var qs = src.Slice(i + 6, 16);
            for (var j = 0; j < 16; j++)
            {
                var xh0 = (int)((qh >> j) << 4) & 0x10;
                var xh1 = (int)(qh >> (j + 12)) & 0x10;
                y[o + j] = (float)((((qs[j] & 0xF) | xh0) - 16) * d);
                y[o + j + 16] = (float)((((qs[j] >> 4) | xh1) - 16) * d);
            }
        }
    }

    /// <summary><c>half d; half m; u8 qh[4]; u8 qs[16]</c>: 5-bit q, y = q·d + m.</summary>
    public static void Q5_1(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 24, o += Qk)
        {
            var d = Half(src, i);
            var m = Half(src, i + 2);
            var qh = BinaryPrimitives.ReadUInt32LittleEndian(src.Slice(i + 4, 4));
            var qs = src.Slice(i + 8, 16);
            for (var j = 0; j < 16; j++)
            {
                var xh0 = (int)((qh >> j) << 4) & 0x10;
                var xh1 = (int)(qh >> (j + 12)) & 0x10;
                y[o + j] = (float)((float)(((qs[j] & 0xF) | xh0) * d) + m);
                y[o + j + 16] = (float)((float)(((qs[j] >> 4) | xh1) * d) + m);
            }
        }
    }

    /// <summary><c>half d; i8 qs[32]</c>: y = q·d.</summary>
    public static void Q8_0(ReadOnlySpan<byte> src, Span<double> y)
    {
        for (int i = 0, o = 0; o < y.Length; i += 34, o += Qk)
        {
            var d = Half(src, i);
            for (var j = 0; j < Qk; j++)
            {
                y[o + j] = (float)((sbyte)src[i + 2 + j] * d);
            }
        }
    }
}
