using System.Buffers.Binary;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Zip;

/// <summary>Resolves Zip64 sizes and offsets from a central directory entry's extra field.</summary>
internal static class Zip64ExtraField
{
    /// <summary>
    /// Replaces each saturated (0xFFFFFFFF) value by its 64-bit copy from the Zip64 extended-information extra
    /// field (header id 1), which holds only the saturated fields, in the order uncompressed, compressed, offset.
    /// </summary>
    public static void Resolve(
        ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long local, string path, string name,
        long at)
    {
        if (uncompressed != 0xFFFFFFFF && compressed != 0xFFFFFFFF && local != 0xFFFFFFFF)
        {
            return;
        }

        for (var p = 0; p + 4 <= extra.Length;)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra[p..]);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[(p + 2)..]);
            if (size > extra.Length - p - 4)
            {
                break;
            }

            if (id == 1)
            {
                var field = extra.Slice(p + 4, size);
                var q = 0;
                Take(ref uncompressed, field, ref q, path, name, at);
                Take(ref compressed, field, ref q, path, name, at);
                Take(ref local, field, ref q, path, name, at);
                return;
            }

            p += 4 + size;
        }

        throw new CheckpointFormatException(
            path, "Zip64 sizes are saturated but no Zip64 extra field exists", name, at);
    }

    private static void Take(ref long value, ReadOnlySpan<byte> field, ref int q, string path, string name, long at)
    {
        if (value != 0xFFFFFFFF)
        {
            return;
        }

        if (field.Length - q < 8)
        {
            throw new CheckpointFormatException(path, "Zip64 extra field is too short", name, at);
        }

        var v = BinaryPrimitives.ReadUInt64LittleEndian(field[q..]);
        value = v <= long.MaxValue
            ? (long)v
            : throw new CheckpointFormatException(path, "Zip64 field exceeds 2^63", name, at);
        q += 8;
    }
}
