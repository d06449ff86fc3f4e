using System.Buffers.Binary;

namespace GpuSpectral.Checkpoints.Tests.Support;

/// <summary>Finds and patches fields of a ZIP archive built in memory, to make broken archives.</summary>
internal static class ZipPatcher
{
    public static int Eocd(byte[] zip)
    {
        for (var i = zip.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == 0x06054B50)
            {
                return i;
            }
        }

        throw new InvalidOperationException("no EOCD");
    }

    public static int CentralOffset(byte[] zip) =>
        (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(Eocd(zip) + 16));

    /// <summary>Offset of the <paramref name="index"/>-th central directory header.</summary>
    public static int Central(byte[] zip, int index)
    {
        var p = CentralOffset(zip);
        for (var i = 0; i < index; i++)
        {
            p += 46 + U16(zip, p + 28) + U16(zip, p + 30) + U16(zip, p + 32);
        }

        return p;
    }

    public static int LocalOffset(byte[] zip, int index) =>
        (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(Central(zip, index) + 42));

    public static int U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

    public static void W16(byte[] b, int at, int v) =>
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)v);

    public static void W32(byte[] b, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
}
