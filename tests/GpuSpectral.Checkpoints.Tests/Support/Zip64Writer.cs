using System.Text;

namespace GpuSpectral.Checkpoints.Tests.Support;

/// <summary>
/// Hand-built stored ZIP with every Zip64 feature: Zip64 extra fields in local and central headers (central sizes
/// and offsets saturated to 0xFFFFFFFF), a Zip64 end record and locator, and a saturated classic EOCD.
/// </summary>
internal static class Zip64Writer
{
    public static byte[] Build(IEnumerable<(string Name, byte[] Data)> members)
    {
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        var central = new List<(byte[] Name, long Local, long Size)>();
        foreach (var (name, data) in members)
        {
            var n = Encoding.UTF8.GetBytes(name);
            central.Add((n, ms.Position, data.Length));
            w.Write(0x04034B50u);
            w.Write((ushort)45);
            w.Write((ushort)0); // flags
            w.Write((ushort)0); // stored
            w.Write(0u); // time + date
            w.Write(0u); // crc (not checked by the reader)
            w.Write(0xFFFFFFFFu);
            w.Write(0xFFFFFFFFu);
            w.Write((ushort)n.Length);
            w.Write((ushort)20);
            w.Write(n);
            w.Write((ushort)1);
            w.Write((ushort)16);
            w.Write((long)data.Length);
            w.Write((long)data.Length);
            w.Write(data);
        }

        var cdOffset = ms.Position;
        foreach (var (n, local, size) in central)
        {
            w.Write(0x02014B50u);
            w.Write((ushort)45);
            w.Write((ushort)45);
            w.Write((ushort)0);
            w.Write((ushort)0);
            w.Write(0u);
            w.Write(0u);
            w.Write(0xFFFFFFFFu);
            w.Write(0xFFFFFFFFu);
            w.Write((ushort)n.Length);
            w.Write((ushort)28);
            w.Write((ushort)0); // comment
            w.Write((ushort)0); // disk
            w.Write((ushort)0); // internal attrs
            w.Write(0u); // external attrs
            w.Write(0xFFFFFFFFu);
            w.Write(n);
            w.Write((ushort)1);
            w.Write((ushort)24);
            w.Write(size);
            w.Write(size);
            w.Write(local);
        }

        var cdSize = ms.Position - cdOffset;
        var zip64End = ms.Position;
        w.Write(0x06064B50u);
        w.Write(44L);
        w.Write((ushort)45);
        w.Write((ushort)45);
        w.Write(0u);
        w.Write(0u);
        w.Write((long)central.Count);
        w.Write((long)central.Count);
        w.Write(cdSize);
        w.Write(cdOffset);
        w.Write(0x07064B50u);
        w.Write(0u);
        w.Write(zip64End);
        w.Write(1u);
        w.Write(0x06054B50u);
        w.Write((ushort)0);
        w.Write((ushort)0);
        w.Write((ushort)0xFFFF);
        w.Write((ushort)0xFFFF);
        w.Write(0xFFFFFFFFu);
        w.Write(0xFFFFFFFFu);
        w.Write((ushort)0);
        w.Flush();
        return ms.ToArray();
    }
}
