using System.Buffers.Binary;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Decoding;

/// <summary>
/// Decodes packed elements of any <see cref="DType"/> to float64. Every conversion is exact (all supported types are
/// subsets of float64, except 64-bit integers beyond 2^53, which round to nearest). NaN and infinities pass through.
/// </summary>
public static class ElementDecoder
{
    /// <summary>
    /// Decodes <c>destination.Length</c> elements from <paramref name="source"/> into <paramref name="destination"/>.
    /// </summary>
    /// <param name="source">Packed elements; exactly <c>destination.Length × SizeInBytes(type)</c> bytes.</param>
    /// <param name="type">Element type.</param>
    /// <param name="bigEndian">True when multi-byte elements are stored big-endian.</param>
    /// <param name="destination">Decoded values, same order as stored.</param>
    /// <exception cref="ArgumentException">The source length does not match the destination length.</exception>
    public static void Decode(ReadOnlySpan<byte> source, DType type, bool bigEndian, Span<double> destination)
    {
        var size = DTypeInfo.SizeInBytes(type);
        if ((long)destination.Length * size != source.Length)
        {
            throw new ArgumentException(
                $"{source.Length} source bytes do not hold {destination.Length} elements of {type}", nameof(source));
        }

        var le = !bigEndian;
        switch (type)
        {
            case DType.F64:
                for (var i = 0; i < destination.Length; i++)
                {
                    var s = source.Slice(i * 8, 8);
                    destination[i] = le
                        ? BinaryPrimitives.ReadDoubleLittleEndian(s)
                        : BinaryPrimitives.ReadDoubleBigEndian(s);
                }

                break;
            case DType.F32:
                for (var i = 0; i < destination.Length; i++)
                {
                    var s = source.Slice(i * 4, 4);
                    destination[i] = le
                        ? BinaryPrimitives.ReadSingleLittleEndian(s)
                        : BinaryPrimitives.ReadSingleBigEndian(s);
                }

                break;
            case DType.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (double)BitConverter.UInt16BitsToHalf(ReadU16(source, i, le));
                }

                break;
            case DType.BF16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BFloat16ToDouble(ReadU16(source, i, le));
                }

                break;
            case DType.F8E4M3:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = Float8E4M3ToDouble(source[i]);
                }

                break;
            case DType.F8E5M2:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = Float8E5M2ToDouble(source[i]);
                }

                break;
            default:
                DecodeInteger(source, type, le, destination);
                break;
        }
    }

    /// <summary>bfloat16 bits (the upper half of a binary32) to float64. Exact.</summary>
    public static double BFloat16ToDouble(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>
    /// FP8 E4M3FN to float64: bias 7, no infinities, <c>S.1111.111</c> is NaN, maximum ±448, subnormals
    /// <c>m/8 · 2^-6</c>. Exact.
    /// </summary>
    public static double Float8E4M3ToDouble(byte bits)
    {
        var negative = (bits & 0x80) != 0;
        var exponent = (bits >> 3) & 0xF;
        var mantissa = bits & 0x7;
        double magnitude;
        if (exponent == 0xF && mantissa == 0x7)
        {
            return double.NaN;
        }

        if (exponent == 0)
        {
            magnitude = Math.ScaleB(mantissa / 8.0, -6);
        }
        else
        {
            magnitude = Math.ScaleB(1.0 + (mantissa / 8.0), exponent - 7);
        }

        return negative ? -magnitude : magnitude;
    }

    /// <summary>
    /// FP8 E5M2 to float64: the upper byte of an IEEE binary16 (infinities and NaN as in binary16). Exact.
    /// </summary>
    public static double Float8E5M2ToDouble(byte bits) => (double)BitConverter.UInt16BitsToHalf((ushort)(bits << 8));

    private static ushort ReadU16(ReadOnlySpan<byte> source, int index, bool le)
    {
        var s = source.Slice(index * 2, 2);
        return le ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
    }

    private static void DecodeInteger(ReadOnlySpan<byte> source, DType type, bool le, Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = type switch
            {
                DType.I8 => (sbyte)source[i],
                DType.U8 => source[i],
                DType.Bool => source[i] != 0 ? 1.0 : 0.0,
                DType.I16 => (short)ReadU16(source, i, le),
                DType.U16 => ReadU16(source, i, le),
                DType.I32 => le ? BinaryPrimitives.ReadInt32LittleEndian(source.Slice(i * 4, 4))
                    : BinaryPrimitives.ReadInt32BigEndian(source.Slice(i * 4, 4)),
                DType.U32 => le ? BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(i * 4, 4))
                    : BinaryPrimitives.ReadUInt32BigEndian(source.Slice(i * 4, 4)),
                DType.I64 => le ? BinaryPrimitives.ReadInt64LittleEndian(source.Slice(i * 8, 8))
                    : BinaryPrimitives.ReadInt64BigEndian(source.Slice(i * 8, 8)),
                DType.U64 => le ? BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(i * 8, 8))
                    : BinaryPrimitives.ReadUInt64BigEndian(source.Slice(i * 8, 8)),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown dtype"),
            };
        }
    }
}
