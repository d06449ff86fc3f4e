using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.SafeTensors;

/// <summary>
/// Layout rules of a safetensors byte buffer: entries sorted by offset are contiguous from 0 with no gaps or
/// overlaps, each span equals <c>numel × element size</c> (checked), and the last one ends exactly at end of file.
/// </summary>
internal static class SafeTensorsLayout
{
    /// <summary>Validates and returns the entries in data-offset order (ties keep header order).</summary>
    /// <param name="entries">Entries in header order.</param>
    /// <param name="path">File path for messages.</param>
    /// <param name="bufferStart">File offset of the byte buffer (8 + N).</param>
    /// <param name="fileLength">File length in bytes.</param>
    public static List<SafeTensorsEntry> Validate(
        List<SafeTensorsEntry> entries, string path, long bufferStart, long fileLength)
    {
        var sorted = entries
            .Select((e, i) => (Entry: e, Index: i))
            .OrderBy(t => t.Entry.Begin)
            .ThenBy(t => t.Entry.End)
            .ThenBy(t => t.Index)
            .Select(t => t.Entry)
            .ToList();

        var bufferLength = fileLength - bufferStart;
        long expectedBegin = 0;
        foreach (var e in sorted)
        {
            if (e.Begin != expectedBegin)
            {
                var what = e.Begin < expectedBegin
                    ? "overlaps the previous tensor"
                    : "leaves a gap after the previous tensor";
                throw new CheckpointFormatException(
                    path, $"data_offsets [{e.Begin}, {e.End}] {what} (expected begin {expectedBegin})", e.Name,
                    SafeOffset(bufferStart, e.Begin));
            }

            if (!TensorSizes.TryByteLength(e.Shape, e.DType, out _, out var bytes))
            {
                throw new CheckpointFormatException(
                    path, $"shape ({string.Join(", ", e.Shape)}) × {e.DType} overflows 64-bit sizes", e.Name);
            }

            if (bytes != e.End - e.Begin)
            {
                throw new CheckpointFormatException(
                    path,
                    $"shape ({string.Join(", ", e.Shape)}) of {e.DType} needs {bytes} bytes but data_offsets span "
                    + $"{e.End - e.Begin}",
                    e.Name, SafeOffset(bufferStart, e.Begin));
            }

            if (e.End > bufferLength)
            {
                throw new CheckpointFormatException(
                    path, $"data_offsets end {e.End} is beyond the {bufferLength} data bytes in the file (truncated?)",
                    e.Name, SafeOffset(bufferStart, e.Begin));
            }

            expectedBegin = e.End;
        }

        if (expectedBegin != bufferLength)
        {
            throw new CheckpointFormatException(
                path, $"{bufferLength - expectedBegin} trailing bytes after the last tensor",
                offset: bufferStart + expectedBegin);
        }

        return sorted;
    }

    private static long? SafeOffset(long start, long relative) =>
        relative <= long.MaxValue - start ? start + relative : null;
}
