using System.Buffers.Binary;
using System.IO.Compression;

namespace GpuSpectral.Checkpoints.Tests.PyTorch;

/// <summary>One storage of a test checkpoint.</summary>
internal sealed record StorageSpec(string Key, string Type, long Numel, byte[] Data);

/// <summary>One tensor of a test checkpoint: a view of a storage.</summary>
internal sealed record TensorSpec(string Name, string Key, long Offset, long[] Size, long[] Stride)
{
    /// <summary><c>v2</c>, <c>v3</c> (with <see cref="Dtype"/>), <c>param</c> (v2 wrapped in _rebuild_parameter),
    /// <c>fromtype</c> (_rebuild_from_type_v2 of v2), <c>old</c> (_rebuild_tensor).</summary>
    public string Rebuild { get; init; } = "v2";

    public string Dtype { get; init; } = "float32";
}

/// <summary>
/// Builds torch.save-like checkpoints from specs: the state pickle (as torch emits it, with memoised globals and
/// persistent ids), and zip or legacy containers around it.
/// </summary>
internal sealed class TorchWriter
{
    private readonly Dictionary<(string, string), int> _globals = [];
    private PickleWriter? _globalsOwner;

    public int Protocol { get; init; } = 2;

    public bool Legacy { get; init; }

    public bool Ordered { get; init; } = true;

    public string? Wrapper { get; init; }

    public List<StorageSpec> Storages { get; init; } = [];

    public List<TensorSpec> Tensors { get; init; } = [];

    /// <summary>F32 storage "key" with the given values.</summary>
    public static StorageSpec F32(string key, params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), values[i]);
        }

        return new StorageSpec(key, "FloatStorage", values.Length, b);
    }

    /// <summary>Contiguous (row-major) strides for <paramref name="size"/>.</summary>
    public static long[] Contiguous(params long[] size)
    {
        var s = new long[size.Length];
        long acc = 1;
        for (var i = size.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= size[i];
        }

        return s;
    }

    public void EmitGlobal(PickleWriter w, string module, string name)
    {
        if (!ReferenceEquals(_globalsOwner, w))
        {
            _globals.Clear();
            _globalsOwner = w;
        }

        if (_globals.TryGetValue((module, name), out var i))
        {
            w.Get(i);
        }
        else
        {
            w.Global(module, name).Memo(out i);
            _globals[(module, name)] = i;
        }
    }

    public void EmitStorage(PickleWriter w, string key)
    {
        var s = Storages.FirstOrDefault(x => x.Key == key);
        w.Mark().Str("storage");
        EmitGlobal(w, "torch", s?.Type ?? "FloatStorage");
        w.Str(key).Str("cpu").Int(s?.Numel ?? 0);
        if (Legacy)
        {
            w.None();
        }

        w.Op(0x74).Op(0x51);
    }

    public void EmitEmptyOrderedDict(PickleWriter w)
    {
        EmitGlobal(w, "collections", "OrderedDict");
        w.Op(0x29).Op(0x52);
    }

    public void EmitTensor(PickleWriter w, TensorSpec t)
    {
        switch (t.Rebuild)
        {
            case "param":
                EmitGlobal(w, "torch._utils", "_rebuild_parameter");
                w.Mark();
                EmitTensor(w, t with { Rebuild = "v2" });
                w.Bool(true);
                EmitEmptyOrderedDict(w);
                w.Op(0x74).Op(0x52);
                return;
            case "fromtype":
                EmitGlobal(w, "torch._tensor", "_rebuild_from_type_v2");
                w.Mark();
                EmitGlobal(w, "torch._utils", "_rebuild_tensor_v2");
                EmitGlobal(w, "torch.nn.parameter", "Parameter");
                w.Mark();
                EmitTensorArgs(w, t);
                w.Op(0x74);
                w.Op(0x7D);
                w.Op(0x74).Op(0x52);
                return;
            case "old":
                EmitGlobal(w, "torch._utils", "_rebuild_tensor");
                w.Mark();
                EmitStorage(w, t.Key);
                w.Int(t.Offset).IntTuple(t.Size).IntTuple(t.Stride);
                w.Op(0x74).Op(0x52);
                return;
            case "v3":
                EmitGlobal(w, "torch._utils", "_rebuild_tensor_v3");
                w.Mark();
                EmitTensorArgs(w, t);
                EmitGlobal(w, "torch", t.Dtype);
                w.Op(0x74).Op(0x52);
                return;
            default:
                EmitGlobal(w, "torch._utils", "_rebuild_tensor_v2");
                w.Mark();
                EmitTensorArgs(w, t);
                w.Op(0x74).Op(0x52);
                return;
        }
    }

    private void EmitTensorArgs(PickleWriter w, TensorSpec t)
    {
        EmitStorage(w, t.Key);
        w.Int(t.Offset).IntTuple(t.Size).Memo().IntTuple(t.Stride).Memo().Bool(false);
        EmitEmptyOrderedDict(w);
    }

    /// <summary>Emits the (wrapped) dict of all tensors, leaving it on the stack.</summary>
    public void EmitStateDict(PickleWriter w)
    {
        if (Wrapper is not null)
        {
            w.Op(0x7D).Memo().Mark().Str("epoch").Int(3).Str(Wrapper);
        }

        if (Ordered)
        {
            EmitEmptyOrderedDict(w);
        }
        else
        {
            w.Op(0x7D);
        }

        w.Memo();
        if (Tensors.Count > 0)
        {
            w.Mark();
            foreach (var t in Tensors)
            {
                w.Str(t.Name).Memo();
                EmitTensor(w, t);
                w.Memo();
            }

            w.Op(0x75);
        }

        if (Ordered)
        {
            w.Op(0x7D).Str("_metadata");
            EmitEmptyOrderedDict(w);
            w.Op(0x73).Op(0x62);
        }

        if (Wrapper is not null)
        {
            w.Str("optimizer").Op(0x7D).Op(0x75);
        }
    }

    public byte[] StatePickle()
    {
        var w = new PickleWriter(Protocol);
        EmitStateDict(w);
        return w.Stop().ToArray();
    }

    /// <summary>A zip archive: data.pkl, byteorder, data/&lt;key&gt; for every storage, version.</summary>
    public byte[] Zip(string prefix = "archive", byte[]? pickle = null, string? byteorder = "little",
        IEnumerable<(string Name, byte[] Data)>? extra = null, IEnumerable<string>? skipStorages = null)
    {
        var members = new List<(string, byte[])> { (prefix + "/data.pkl", pickle ?? StatePickle()) };
        if (byteorder is not null)
        {
            members.Add((prefix + "/byteorder", System.Text.Encoding.ASCII.GetBytes(byteorder)));
        }

        var skip = skipStorages?.ToHashSet() ?? [];
        foreach (var s in Storages.Where(s => !skip.Contains(s.Key)))
        {
            members.Add((prefix + "/data/" + s.Key, s.Data));
        }

        members.Add((prefix + "/version", "3\n"u8.ToArray()));
        members.AddRange(extra ?? []);
        return BuildZip(members);
    }

    public static byte[] BuildZip(IEnumerable<(string Name, byte[] Data)> members,
        CompressionLevel level = CompressionLevel.NoCompression)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in members)
            {
                using var s = zip.CreateEntry(name, level).Open();
                s.Write(data);
            }
        }

        return ms.ToArray();
    }

    public static readonly byte[] LegacyMagic =
        [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E];

    public static byte[] SysInfo(bool littleEndian = true)
    {
        var w = new PickleWriter(2);
        w.Op(0x7D).Memo().Mark().Str("protocol_version").Int(1001).Str("little_endian").Bool(littleEndian)
            .Str("type_sizes").Op(0x7D).Mark().Str("short").Int(2).Str("int").Int(4).Str("long").Int(8).Op(0x75)
            .Op(0x75).Stop();
        return w.ToArray();
    }

    public static byte[] KeyList(IEnumerable<string> keys)
    {
        var w = new PickleWriter(2);
        w.Op(0x5D).Memo().Mark();
        foreach (var k in keys)
        {
            w.Str(k);
        }

        return w.Op(0x65).Stop().ToArray();
    }

    /// <summary>A legacy stream. Storages follow in <see cref="Storages"/> order (the key list's order).</summary>
    public byte[] LegacyFile(byte[]? magic = null, int protocolVersion = 1001, bool littleEndian = true,
        byte[]? pickle = null, IEnumerable<string>? keys = null, Func<StorageSpec, long>? count = null)
    {
        var ms = new MemoryStream();
        ms.Write(magic ?? LegacyMagic);
        var v = new PickleWriter(2).Int(protocolVersion).Stop().ToArray();
        ms.Write(v);
        ms.Write(SysInfo(littleEndian));
        ms.Write(pickle ?? StatePickle());
        ms.Write(KeyList(keys ?? Storages.Select(s => s.Key)));
        foreach (var s in Storages)
        {
            var n = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(n, count?.Invoke(s) ?? s.Numel);
            ms.Write(n);
            ms.Write(s.Data);
        }

        return ms.ToArray();
    }

    /// <summary>A small valid checkpoint used by several tests: a 2×3 weight, its transpose view, a bias.</summary>
    public static TorchWriter Sample(int protocol = 2, bool legacy = false) => new()
    {
        Protocol = protocol,
        Legacy = legacy,
        Storages = [F32("0", 1, 2, 3, 4, 5, 6), F32("1", 0.5f, -0.25f)],
        Tensors =
        [
            new TensorSpec("fc.weight", "0", 0, [2, 3], [3, 1]),
            new TensorSpec("fc.weight_t", "0", 0, [3, 2], [1, 3]),
            new TensorSpec("fc.bias", "1", 0, [2], [1]),
        ],
    };
}
