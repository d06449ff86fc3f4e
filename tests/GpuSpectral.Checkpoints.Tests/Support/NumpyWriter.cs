using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GpuSpectral.Checkpoints.Tests.Support;

/// <summary>Builds npy and npz bytes in memory, the way numpy writes them.</summary>
internal static class NumpyWriter
{
    /// <summary>An npy file: magic, version, padded header literal (total a multiple of 64), data.</summary>
    public static byte[] Npy(string descr, string shape, byte[] data, bool fortran = false, int major = 1)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        return NpyRaw(dict, data, major);
    }

    /// <summary>An npy file with an arbitrary header literal (padded with spaces and a newline).</summary>
    public static byte[] NpyRaw(string dict, byte[] data, int major = 1)
    {
        var preamble = major == 1 ? 10 : 12;
        var text = Encoding.ASCII.GetBytes(dict);
        var total = preamble + text.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var header = new byte[padded - preamble];
        header.AsSpan().Fill((byte)' ');
        text.CopyTo(header, 0);
        header[^1] = (byte)'\n';
        var bytes = new byte[padded + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = (byte)major;
        bytes[7] = 0;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        }

        header.CopyTo(bytes, preamble);
        data.CopyTo(bytes, padded);
        return bytes;
    }

    /// <summary>An npz archive built with <see cref="ZipArchive"/>; members keep the given order.</summary>
    public static byte[] Npz(IEnumerable<(string Member, byte[] Bytes)> members, CompressionLevel level)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (member, bytes) in members)
            {
                var e = zip.CreateEntry(member, level);
                using var s = e.Open();
                s.Write(bytes);
            }
        }

        return ms.ToArray();
    }

    /// <summary>A small valid npz with two members.</summary>
    public static byte[] SampleNpz(CompressionLevel level) => Npz(
    [
        ("w.npy", Npy("<f4", "(2, 2)", SafeTensorsWriter.F32(1, 2, 3, 4))),
        ("b.npy", Npy("<f8", "(3,)", SafeTensorsWriter.F64(0.5, -0.25, 8))),
    ], level);
}
