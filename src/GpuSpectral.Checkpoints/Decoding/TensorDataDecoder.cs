using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Decoding;

/// <summary>Decodes one tensor's packed data from a memory map or an inflating stream, in bounded chunks.</summary>
internal static class TensorDataDecoder
{
    /// <summary>Elements decoded per chunk (keeps spans far below 2 GiB and stack buffers unnecessary).</summary>
    private const int ChunkElements = 1 << 16;

    /// <summary>Checks the arguments shared by every <c>ReadAsDouble</c>; returns the element count.</summary>
    public static int CheckDestination(TensorInfo tensor, Span<double> destination)
    {
        var count = tensor.ElementCount;
        if (count > destination.Length)
        {
            throw new ArgumentException(
                $"destination holds {destination.Length} elements but tensor '{tensor.Name}' has {count}",
                nameof(destination));
        }

        return (int)count;
    }

    /// <summary>
    /// Decodes <paramref name="tensor"/> stored at <paramref name="offset"/> of <paramref name="file"/>.
    /// </summary>
    public static void FromMap(
        MappedFile file, long offset, TensorInfo tensor, bool bigEndian, Span<double> destination)
    {
        var count = CheckDestination(tensor, destination);
        var size = DTypeInfo.SizeInBytes(tensor.DType);
        if (!file.Contains(offset, tensor.ByteLength) || (long)count * size != tensor.ByteLength)
        {
            throw new CheckpointFormatException(
                file.Path, "tensor data lies outside the file", tensor.Name, offset);
        }

        for (var done = 0; done < count; done += ChunkElements)
        {
            var n = Math.Min(ChunkElements, count - done);
            var bytes = file.Span(offset + ((long)done * size), n * size);
            ElementDecoder.Decode(bytes, tensor.DType, bigEndian, destination.Slice(done, n));
        }
    }

    /// <summary>
    /// Decodes <paramref name="tensor"/> from <paramref name="stream"/> (positioned at the first data byte), reading
    /// exactly <see cref="TensorInfo.ByteLength"/> bytes and then requiring the stream to end.
    /// </summary>
    public static void FromStream(
        Stream stream, string path, TensorInfo tensor, bool bigEndian, Span<double> destination)
    {
        var count = CheckDestination(tensor, destination);
        var size = DTypeInfo.SizeInBytes(tensor.DType);
        var buffer = new byte[Math.Min(ChunkElements, Math.Max(count, 1)) * size];
        for (var done = 0; done < count; done += ChunkElements)
        {
            var n = Math.Min(ChunkElements, count - done);
            var chunk = buffer.AsSpan(0, n * size);
            if (stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false) != chunk.Length)
            {
                throw new CheckpointFormatException(
                    path, "compressed data ends before the size the npy header declares", tensor.Name);
            }

            ElementDecoder.Decode(chunk, tensor.DType, bigEndian, destination.Slice(done, n));
        }

        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) != 0)
        {
            throw new CheckpointFormatException(
                path, "compressed data is longer than the size the npy header declares", tensor.Name);
        }
    }
}
