using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Numpy;

/// <summary>
/// A parsed <c>.npy</c> header. The dict literal is read with a tiny grammar (strings, <c>True</c>/<c>False</c>,
/// tuples of non-negative integers); it is never evaluated.
/// </summary>
/// <param name="DType">Element type.</param>
/// <param name="BigEndian">True for a <c>&gt;</c> descr.</param>
/// <param name="Shape">Dimensions (empty for a scalar).</param>
/// <param name="DataOffset">Bytes before the array data (magic + version + length field + header).</param>
/// <param name="ByteLength">Bytes of array data implied by descr and shape (checked).</param>
internal sealed record NpyHeader(DType DType, bool BigEndian, long[] Shape, int DataOffset, long ByteLength)
{
    /// <summary>Largest accepted header text, in bytes (numpy's own default limit).</summary>
    public const int MaxHeaderBytes = 10_000;

    /// <summary>Bytes that always suffice to parse a header: 12-byte preamble plus the maximum header.</summary>
    public const int MaxPrefixBytes = 12 + MaxHeaderBytes;

    /// <summary>Length of the preamble for a given prefix, or null when fewer than 12 bytes are available.</summary>
    /// <exception cref="CheckpointFormatException">
    /// Bad magic, unknown version, or header length over the cap.
    /// </exception>
    public static int PrefixLength(ReadOnlySpan<byte> start, string path, string? tensor)
    {
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (start.Length < 10 || !start[..6].SequenceEqual(magic))
        {
            throw new CheckpointFormatException(path, "not an npy array: bad magic", tensor, 0);
        }

        int major = start[6], minor = start[7];
        if (minor != 0 || major is < 1 or > 3)
        {
            throw new CheckpointFormatException(path, $"unsupported npy version {major}.{minor}", tensor, 6);
        }

        long headerLength;
        int preamble;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(start[8..]);
            preamble = 10;
        }
        else
        {
            if (start.Length < 12)
            {
                throw new CheckpointFormatException(path, "npy preamble is truncated", tensor, 8);
            }

            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(start[8..]);
            preamble = 12;
        }

        if (headerLength > MaxHeaderBytes)
        {
            throw new CheckpointFormatException(
                path, $"npy header length {headerLength} exceeds {MaxHeaderBytes} bytes", tensor, 8);
        }

        return preamble + (int)headerLength;
    }

    /// <summary>Parses the header at the start of <paramref name="start"/>.</summary>
    /// <param name="start">At least the first <see cref="PrefixLength"/> bytes of the array (more is fine).</param>
    /// <param name="path">File path for messages.</param>
    /// <param name="tensor">Tensor name for messages.</param>
    /// <exception cref="CheckpointFormatException">Any violation of the format or an unsupported array.</exception>
    public static NpyHeader Parse(ReadOnlySpan<byte> start, string path, string? tensor)
    {
        var dataOffset = PrefixLength(start, path, tensor);
        if (dataOffset > start.Length)
        {
            throw new CheckpointFormatException(
                path, $"npy header of {dataOffset} bytes runs past the {start.Length} available bytes", tensor, 8);
        }

        var preamble = start[6] == 1 ? 10 : 12;
        var dict = NpyDictParser.Parse(start[preamble..dataOffset], path, tensor, preamble);
        var (dtype, bigEndian) = ParseDescr(dict.Descr, path, tensor);
        if (dict.FortranOrder)
        {
            throw new CheckpointFormatException(
                path, "Fortran-order arrays are not supported; save with np.ascontiguousarray", tensor);
        }

        if (dict.Shape.Length > TensorSizes.MaxRank)
        {
            throw new CheckpointFormatException(
                path, $"rank {dict.Shape.Length} is above {TensorSizes.MaxRank}", tensor);
        }

        if (!TensorSizes.TryByteLength(dict.Shape, dtype, out _, out var bytes))
        {
            throw new CheckpointFormatException(
                path, $"shape ({string.Join(", ", dict.Shape)}) × {dtype} overflows 64-bit sizes", tensor);
        }

        return new NpyHeader(dtype, bigEndian, dict.Shape, dataOffset, bytes);
    }

    private static (DType, bool) ParseDescr(string descr, string path, string? tensor)
    {
        if (descr.Contains('O', StringComparison.Ordinal))
        {
            throw new CheckpointFormatException(path, "object arrays are refused: the data is a pickle", tensor);
        }

        if (descr.Length >= 2 && descr[1] == 'V')
        {
            throw new CheckpointFormatException(path, $"structured/void dtype '{descr}' is not supported", tensor);
        }

        if (descr.Length >= 2 && descr[1] == 'c')
        {
            throw new CheckpointFormatException(path, $"complex dtype '{descr}' is not supported", tensor);
        }

        (DType, bool)? result = descr switch
        {
            "|b1" => (DType.Bool, false),
            "|i1" => (DType.I8, false),
            "|u1" => (DType.U8, false),
            _ when descr.Length == 3 && descr[0] is '<' or '>' => descr[1..] switch
            {
                "f2" => (DType.F16, descr[0] == '>'),
                "f4" => (DType.F32, descr[0] == '>'),
                "f8" => (DType.F64, descr[0] == '>'),
                "i2" => (DType.I16, descr[0] == '>'),
                "i4" => (DType.I32, descr[0] == '>'),
                "i8" => (DType.I64, descr[0] == '>'),
                "u2" => (DType.U16, descr[0] == '>'),
                "u4" => (DType.U32, descr[0] == '>'),
                "u8" => (DType.U64, descr[0] == '>'),
                _ => null,
            },
            _ => null,
        };

        return result ?? throw new CheckpointFormatException(
            path,
            $"unsupported npy descr '{descr}' "
            + "(supported: <f2 <f4 <f8 <i2 <i4 <i8 <u2 <u4 <u8, their > forms, |i1 |u1 |b1)",
            tensor);
    }
}
