using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>One validated tensor info of a GGUF file.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Type">ggml type.</param>
/// <param name="Ne">ggml dimensions, innermost first.</param>
/// <param name="Offset">Absolute file offset of the data.</param>
/// <param name="ByteLength">Bytes of stored data.</param>
internal sealed record GgufTensorEntry(string Name, GgmlTypeInfo Type, long[] Ne, long Offset, long ByteLength);

/// <summary>The validated header of a GGUF file.</summary>
/// <param name="Version">2 or 3.</param>
/// <param name="Alignment">Data alignment.</param>
/// <param name="DataStart">Absolute offset of the data section.</param>
/// <param name="Metadata">Scalar metadata values as text.</param>
/// <param name="Tensors">Tensors in data-offset order (ties keep header order).</param>
internal sealed record GgufHeader(
    uint Version, int Alignment, long DataStart, Dictionary<string, string> Metadata, List<GgufTensorEntry> Tensors);

/// <summary>
/// Parses and validates a GGUF v2/v3 header (ggml <c>gguf_init_from_file_impl</c>, plus streaming checks): magic,
/// version, counts against remaining bytes, metadata, tensor infos, alignment, sizes and non-overlapping data.
/// </summary>
internal static class GgufHeaderParser
{
    /// <summary>Most dimensions of a ggml tensor (GGML_MAX_DIMS).</summary>
    public const int MaxDims = 4;

    /// <summary>Longest accepted tensor name in bytes (ggml itself allows 63).</summary>
    public const long MaxNameBytes = 65_535;

    /// <summary>Smallest possible tensor info: name length, n_dims, type, offset (empty name, no dims).</summary>
    private const long MinTensorInfoBytes = 8 + 4 + 4 + 8;

    /// <summary>Parses the header of <paramref name="file"/>.</summary>
    public static GgufHeader Parse(MappedFile file)
    {
        var path = file.Path;
        if (file.Length < 4 || !GgufReader.LooksLikeGguf(file.Span(0, 4)))
        {
            throw new CheckpointFormatException(
                path, "not a GGUF file (the magic bytes \"GGUF\" are missing)", offset: 0);
        }

        var c = new GgufCursor(file, 4);
        var version = c.U32("the version");
        if (version != 2 && version != 3)
        {
            var reason = version == 1
                ? "GGUF version 1 is not supported (it uses 32-bit counts); re-convert the model with current llama.cpp"
                : (version & 0xFFFF) == 0
                    ? $"GGUF version 0x{version:X8} looks byte-swapped: big-endian GGUF files are not supported"
                    : $"unsupported GGUF version {version} (only 2 and 3 are supported)";
            throw new CheckpointFormatException(path, reason, offset: 4);
        }

        var tensorCount = c.U64("the tensor count");
        var kvCount = c.U64("the metadata key/value count");
        var remaining = (ulong)c.Remaining;
        if (tensorCount > remaining / MinTensorInfoBytes)
        {
            throw new CheckpointFormatException(
                path, $"tensor count {tensorCount} is more than the {remaining} bytes left can describe", offset: 8);
        }

        if (kvCount > remaining / GgufMetadataParser.MinKvBytes
            || (tensorCount * MinTensorInfoBytes) + (kvCount * GgufMetadataParser.MinKvBytes) > remaining)
        {
            throw new CheckpointFormatException(
                path, $"metadata key/value count {kvCount} is more than the {remaining} bytes left can describe",
                offset: 16);
        }

        var metadata = GgufMetadataParser.Read(c, (long)kvCount, out var alignment);
        var infos = ReadTensorInfos(c, (long)tensorCount);
        var headerEnd = c.Position;
        var dataStart = AlignUp(headerEnd, alignment);
        var tensors = Layout(path, infos, dataStart, alignment, file.Length);
        return new GgufHeader(version, alignment, dataStart, metadata, tensors);
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private sealed record RawInfo(string Name, GgmlTypeInfo Type, long[] Ne, ulong Offset, long Bytes, long At);

    private static List<RawInfo> ReadTensorInfos(GgufCursor c, long count)
    {
        var list = new List<RawInfo>((int)Math.Min(count, 4096));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            var at = c.Position;
            var name = c.StrictString(MaxNameBytes, $"the name of tensor #{i}");
            if (!names.Add(name))
            {
                throw c.Fail("duplicate tensor name", at, name);
            }

            var dimsAt = c.Position;
            var nDims = c.U32("n_dims");
            if (nDims > MaxDims)
            {
                throw c.Fail($"n_dims {nDims} exceeds the ggml maximum of {MaxDims}", dimsAt, name);
            }

            var ne = new long[nDims];
            for (var d = 0; d < ne.Length; d++)
            {
                var neAt = c.Position;
                var v = c.U64($"ne[{d}]");
                if (v > long.MaxValue)
                {
                    throw c.Fail($"ne[{d}] = {(long)v} is negative", neAt, name);
                }

                ne[d] = (long)v;
            }

            var typeAt = c.Position;
            var typeId = c.U32("the ggml type");
            if (!GgmlTypes.TryGet(typeId, out var type))
            {
                var removed = GgmlTypes.RemovedName(typeId);
                throw c.Fail(
                    removed is null
                        ? $"unknown ggml type id {typeId}"
                        : $"unsupported ggml type {removed} ({typeId}), removed from ggml",
                    typeAt, name);
            }

            if (!type.Supported)
            {
                throw c.Fail($"unsupported ggml type {type.Name} ({type.Id})", typeAt, name);
            }

            var bytes = ByteSize(c, name, ne, type, dimsAt);
            var offset = c.U64("the data offset");
            list.Add(new RawInfo(name, type, ne, offset, bytes, at));
        }

        return list;
    }

    private static long ByteSize(GgufCursor c, string name, long[] ne, GgmlTypeInfo type, long at)
    {
        var neText = "[" + string.Join(", ", ne) + "]";
        long elements = 1;
        foreach (var d in ne)
        {
            if (!TryMul(elements, d, out elements))
            {
                throw c.Fail($"ne = {neText}: the element count overflows 64-bit sizes", at, name);
            }
        }

        var ne0 = ne.Length == 0 ? 1 : ne[0];
        if (ne0 % type.BlockElements != 0)
        {
            throw c.Fail(
                $"ne[0] = {ne0} (the row length) is not a multiple of the {type.Name} block size {type.BlockElements}",
                at, name);
        }

        var bytes = elements / type.BlockElements;
        if (!TryMul(bytes, type.BlockBytes, out bytes))
        {
            throw c.Fail($"ne = {neText} of {type.Name}: the byte size overflows 64-bit sizes", at, name);
        }

        return bytes;
    }

    private static bool TryMul(long a, long b, out long product)
    {
        var hi = Math.BigMul(a, b, out var lo);
        product = lo;
        return hi == 0 && lo >= 0;
    }

    private static List<GgufTensorEntry> Layout(
        string path, List<RawInfo> infos, long dataStart, int alignment, long fileLength)
    {
        var entries = new List<(GgufTensorEntry Entry, int Index)>(infos.Count);
        for (var i = 0; i < infos.Count; i++)
        {
            var t = infos[i];
            if (t.Offset % (ulong)alignment != 0)
            {
                throw new CheckpointFormatException(
                    path, $"data offset {t.Offset} is not a multiple of the alignment {alignment}", t.Name, t.At);
            }

            var available = (ulong)Math.Max(0, fileLength - dataStart);
            if (t.Offset > available || (ulong)t.Bytes > available - t.Offset)
            {
                throw new CheckpointFormatException(
                    path,
                    $"data [{t.Offset}, {t.Offset}+{t.Bytes}) lies beyond the {available} data bytes in the file "
                    + "(truncated?)",
                    t.Name, t.At);
            }

            var entry = new GgufTensorEntry(t.Name, t.Type, t.Ne, dataStart + (long)t.Offset, t.Bytes);
            entries.Add((entry, i));
        }

        var sorted = entries
            .OrderBy(e => e.Entry.Offset)
            .ThenBy(e => e.Entry.ByteLength)
            .ThenBy(e => e.Index)
            .Select(e => e.Entry)
            .ToList();
        GgufTensorEntry? previous = null;
        foreach (var e in sorted)
        {
            if (e.ByteLength == 0)
            {
                continue;
            }

            if (previous is not null && previous.Offset + previous.ByteLength > e.Offset)
            {
                throw new CheckpointFormatException(
                    path,
                    $"data [{e.Offset}, {e.Offset + e.ByteLength}) overlaps tensor '{previous.Name}' "
                    + $"[{previous.Offset}, {previous.Offset + previous.ByteLength})",
                    e.Name, e.Offset);
            }

            previous = e;
        }

        return sorted;
    }
}
