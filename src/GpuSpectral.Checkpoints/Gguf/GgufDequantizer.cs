using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>Streams a block-quantized tensor out of the memory map, a bounded run of blocks at a time.</summary>
internal static class GgufDequantizer
{
    /// <summary>Elements decoded per run (a multiple of every block size).</summary>
    private const int RunElements = 1 << 16;

    private delegate void BlockDecoder(ReadOnlySpan<byte> blocks, Span<double> destination);

    private static BlockDecoder For(GgmlTypeInfo type) => type.Name switch
    {
        "Q4_0" => GgufLegacyQuants.Q4_0,
        "Q4_1" => GgufLegacyQuants.Q4_1,
        "Q5_0" => GgufLegacyQuants.Q5_0,
        "Q5_1" => GgufLegacyQuants.Q5_1,
        "Q8_0" => GgufLegacyQuants.Q8_0,
        "Q2_K" => GgufKQuantsLow.Q2_K,
        "Q3_K" => GgufKQuantsLow.Q3_K,
        "Q4_K" => GgufKQuantsMid.Q4_K,
        "Q5_K" => GgufKQuantsMid.Q5_K,
        "Q6_K" => GgufQ6K.Q6_K,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Name, "no dequantizer for this ggml type"),
    };

    /// <summary>Decodes <paramref name="count"/> elements of <paramref name="entry"/> into the destination.</summary>
    public static void Decode(MappedFile file, GgufTensorEntry entry, int count, Span<double> destination)
    {
        var type = entry.Type;
        var blocks = count / type.BlockElements;
        if ((long)blocks * type.BlockBytes != entry.ByteLength || !file.Contains(entry.Offset, entry.ByteLength))
        {
            throw new CheckpointFormatException(
                file.Path, "tensor data lies outside the file", entry.Name, entry.Offset);
        }

        var decode = For(type);
        var runBlocks = RunElements / type.BlockElements;
        for (var b = 0; b < blocks; b += runBlocks)
        {
            var n = Math.Min(runBlocks, blocks - b);
            var src = file.Span(entry.Offset + ((long)b * type.BlockBytes), n * type.BlockBytes);
            decode(src, destination.Slice(b * type.BlockElements, n * type.BlockElements));
        }
    }
}
