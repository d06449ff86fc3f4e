using System.Text.Json;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Synth;

/// <summary>Builds a safetensors JSON header from a shard's placed tensors.</summary>
internal static class SynthSafeTensorsHeader
{
    /// <summary>
    /// The header bytes: <c>{"__metadata__":{"format":"pt"}, name: {dtype, shape, data_offsets}, …}</c> in file
    /// order, padded with spaces to a multiple of 8 bytes so that the data section starts 8-byte aligned.
    /// </summary>
    public static byte[] Build(IReadOnlyList<SynthPlacedTensor> tensors, DType dtype)
    {
        var name = dtype switch
        {
            DType.BF16 => "BF16",
            DType.F16 => "F16",
            DType.F32 => "F32",
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "dtype must be BF16, F16 or F32"),
        };
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartObject("__metadata__");
            w.WriteString("format", "pt");
            w.WriteEndObject();
            foreach (var t in tensors)
            {
                w.WriteStartObject(t.Spec.Name);
                w.WriteString("dtype", name);
                w.WriteStartArray("shape");
                foreach (var d in t.Spec.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(t.DataOffset);
                w.WriteNumberValue(t.DataOffset + t.ByteLength);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        var pad = (int)((8 - (ms.Length % 8)) % 8);
        for (var i = 0; i < pad; i++)
        {
            ms.WriteByte((byte)' ');
        }

        return ms.ToArray();
    }
}
