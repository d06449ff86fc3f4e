using GpuSpectral.Checkpoints.PyTorch;
using GpuSpectral.Checkpoints.Tests.Support;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Tests.PyTorch;

/// <summary>
/// Hostile pickles: code-execution globals, gadgets, forbidden opcodes, memo and nesting bombs. Each must be refused
/// with a CheckpointFormatException naming the global or opcode, and nothing may run (the side-effect file of the
/// payload never appears).
/// </summary>
public sealed class TorchMaliciousPickleTests
{
    private static CheckpointFormatException RunVm(byte[] pickle, PersistentIdKind pids = PersistentIdKind.Zip)
    {
        var vm = new PickleMachine("evil.pt", "evil/data.pkl", pids);
        return Assert.Throws<CheckpointFormatException>(
            () => StateDictWalker.Collect(vm.Run(pickle, 0, out _), "evil.pt", "evil/data.pkl"));
    }

    /// <summary>Refused by the VM directly, inside a zip archive and inside a legacy file.</summary>
    private static void AssertRefusedEverywhere(byte[] pickle, string fragment, byte[]? legacyPickle = null)
    {
        var message = RunVm(pickle).Message;
        Assert.True(message.Contains(fragment, StringComparison.Ordinal), $"expected '{fragment}' in: {message}");
        using var dir = new TempDir();
        var zip = dir.Write("evil.pt", TorchWriter.Sample().Zip(pickle: pickle));
        TorchAssert.Throws(zip, fragment);
        var legacy = dir.Write("evil_legacy.pt", TorchWriter.Sample(legacy: true).LegacyFile(pickle: legacyPickle ?? pickle));
        TorchAssert.Throws(legacy, fragment);
    }

    public static TheoryData<string, string, int> CodeExecutionGlobals()
    {
        var data = new TheoryData<string, string, int>();
        (string, string)[] globals =
        [
            ("os", "system"), ("posix", "system"), ("nt", "system"), ("builtins", "eval"), ("builtins", "exec"),
            ("__builtin__", "eval"), ("builtins", "getattr"), ("builtins", "__import__"), ("subprocess", "Popen"),
            ("subprocess", "check_output"), ("copyreg", "_reconstructor"), ("torch.storage", "_load_from_bytes"),
            ("numpy.core.multiarray", "_reconstruct"), ("pickle", "loads"), ("torch", "load"),
            ("sys", "modules"), ("os.path", "join"),
        ];
        foreach (var (m, n) in globals)
        {
            data.Add(m, n, 2);
            data.Add(m, n, 4);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodeExecutionGlobals))]
    public void Code_execution_globals_are_refused_and_never_run(string module, string name, int protocol)
    {
        using var dir = new TempDir();
        var marker = Path.Combine(dir.Path, "pwned-" + Guid.NewGuid().ToString("N"));
        var w = new PickleWriter(protocol);
        w.Global(module, name).Mark().Str("touch " + marker).Op(0x74).Op(0x52).Stop();
        var pickle = w.ToArray();
        AssertRefusedEverywhere(pickle, $"pickle global '{module}.{name}' is not allowed");
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Payload_hidden_after_a_valid_tensor_is_refused()
    {
        using var dir = new TempDir();
        var marker = Path.Combine(dir.Path, "pwned");
        byte[] Build(bool legacy)
        {
            var tw = TorchWriter.Sample(legacy: legacy);
            var w = new PickleWriter(2);
            w.Op(0x7D).Mark().Str("fc.weight");
            tw.EmitTensor(w, tw.Tensors[0]);
            w.Str("x").Global("os", "system").Str("touch " + marker).Op(0x85).Op(0x52).Op(0x75).Stop();
            return w.ToArray();
        }

        AssertRefusedEverywhere(Build(false), "'os.system' is not allowed", Build(true));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Reduce_style_gadgets_on_allowed_globals_are_refused()
    {
        // OrderedDict(iterable) would call into Python; only OrderedDict() is modelled.
        var w = new PickleWriter(2);
        w.Global("collections", "OrderedDict").Op(0x5D).Op(0x85).Op(0x52).Stop();
        AssertRefusedEverywhere(w.ToArray(), "OrderedDict called with arguments");

        // A rebuild function fed a string instead of a storage.
        w = new PickleWriter(2);
        w.Global("torch._utils", "_rebuild_tensor_v2").Mark().Str("rm -rf /").Int(0).IntTuple(1).IntTuple(1)
            .Bool(false).Op(0x7D).Op(0x74).Op(0x52).Stop();
        AssertRefusedEverywhere(w.ToArray(), "'torch._utils._rebuild_tensor_v2': argument 1 is a str");

        // REDUCE on something that is not a global at all.
        w = new PickleWriter(2);
        w.Str("os.system").Op(0x29).Op(0x52).Stop();
        AssertRefusedEverywhere(w.ToArray(), "REDUCE on a str");

        // A storage type or dtype is data, not a callable.
        w = new PickleWriter(2);
        w.Global("torch", "FloatStorage").Op(0x29).Op(0x52).Stop();
        AssertRefusedEverywhere(w.ToArray(), "calling 'torch.FloatStorage' is not allowed");

        // _rebuild_from_type_v2 may only dispatch to tensor rebuild functions.
        w = new PickleWriter(2);
        w.Global("torch._tensor", "_rebuild_from_type_v2").Mark().Global("collections", "OrderedDict")
            .Global("torch", "Tensor").Op(0x29).Op(0x7D).Op(0x74).Op(0x52).Stop();
        AssertRefusedEverywhere(w.ToArray(), "cannot call 'collections.OrderedDict'");

        // NEWOBJ (cls.__new__) on a function.
        w = new PickleWriter(2);
        w.Global("torch._utils", "_rebuild_tensor_v2").Op(0x29).Op(0x81).Stop();
        AssertRefusedEverywhere(w.ToArray(), "NEWOBJ on 'torch._utils._rebuild_tensor_v2' is not allowed");
    }

    public static TheoryData<string, string> BuildTargets() => new()
    {
        { "list", "]" }, { "dict", "}" }, { "tuple", ")" }, { "None", "N" }, { "str", "str" }, { "set", "set" },
    };

    [Theory]
    [MemberData(nameof(BuildTargets))]
    public void Build_on_anything_but_an_OrderedDict_or_tensor_is_refused(string type, string op)
    {
        var w = new PickleWriter(4);
        _ = op switch
        {
            "]" => w.Op(0x5D),
            "}" => w.Op(0x7D),
            ")" => w.Op(0x29),
            "N" => w.None(),
            "set" => w.Op(0x8F),
            _ => w.Str("x"),
        };
        w.Op(0x7D).Str("__setstate__").Str("os.system").Op(0x73).Op(0x62).Stop();
        AssertRefusedEverywhere(w.ToArray(), $"BUILD on a {type}");
    }

    public static TheoryData<byte, string> ForbiddenOpcodes() => new()
    {
        { 0x69, "INST" }, { 0x6F, "OBJ" }, { 0x50, "PERSID" }, { 0x53, "STRING" }, { 0x54, "BINSTRING" },
        { 0x82, "EXT1" }, { 0x92, "NEWOBJ_EX" }, { 0x32, "DUP" }, { 0x30, "POP" }, { 0x31, "POP_MARK" },
        { 0x97, "NEXT_BUFFER" }, { 0x49, "INT" }, { 0x64, "DICT" }, { 0x67, "GET" }, { 0x70, "PUT" },
        { 0xFF, "unknown opcode" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenOpcodes))]
    public void Opcodes_torch_save_does_not_emit_are_refused(byte opcode, string name)
    {
        var w = new PickleWriter(2);
        w.Mark().Str("os").Str("system").Op(opcode).Raw("os\nsystem\n"u8.ToArray()).Stop();
        AssertRefusedEverywhere(w.ToArray(), $"pickle opcode {name} (0x{opcode:X2}");
    }

    [Fact]
    public void Inst_and_obj_payloads_name_the_opcode_and_never_run()
    {
        using var dir = new TempDir();
        var marker = Path.Combine(dir.Path, "pwned");
        var inst = new PickleWriter(2).Mark().Str("touch " + marker).Raw("ios\nsystem\n"u8.ToArray()).Stop();
        AssertRefusedEverywhere(inst.ToArray(), "INST (0x69 'i')");
        var obj = new PickleWriter(2).Mark().Global("os", "system").Str("touch " + marker).Op(0x6F).Stop();
        AssertRefusedEverywhere(obj.ToArray(), "'os.system' is not allowed");
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Memo_bombs_are_capped()
    {
        // A million and one MEMOIZE of one value: more memo entries than allowed.
        var w = new PickleWriter(4, frame: false);
        w.None();
        for (var i = 0; i <= PickleMachine.MaxMemo; i++)
        {
            w.Op(0x94);
        }

        Assert.Contains("memo exceeds", RunVm(w.Stop().ToArray()).Message, StringComparison.Ordinal);

        // A sparse index near 2^32 is a dictionary entry, not a 4 G array; reading an unset index fails.
        var sparse = new PickleWriter(2).None().Raw(0x72, 0xFF, 0xFF, 0xFF, 0xFF).Raw(0x6A, 0xFE, 0xFF, 0xFF, 0xFF)
            .Stop().ToArray();
        AssertRefusedEverywhere(sparse, "memo index 4294967294 is read before it is set");

        // Billion laughs: 12 levels of lists holding the previous level 10 times (10^12 paths).
        var laughs = new PickleWriter(2);
        laughs.Op(0x7D).Str("boom").Op(0x5D).Op(0x5D).Mark().None().None().Op(0x65).Memo(out var previous).Op(0x61);
        for (var level = 0; level < 12; level++)
        {
            laughs.Op(0x5D).Mark();
            for (var k = 0; k < 10; k++)
            {
                laughs.Get(previous);
            }

            laughs.Op(0x65).Memo(out previous).Op(0x61);
        }

        laughs.Op(0x73).Stop();
        AssertRefusedEverywhere(laughs.ToArray(), $"more than {StateDictWalker.MaxNodes} nodes");
    }

    [Fact]
    public void Stack_bomb_is_capped()
    {
        var w = new PickleWriter(2);
        for (var i = 0; i <= PickleMachine.MaxStack; i++)
        {
            w.None();
        }

        Assert.Contains("stack exceeds", RunVm(w.Stop().ToArray()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var marks = new PickleWriter(2);
        for (var i = 0; i < 100; i++)
        {
            marks.Mark();
        }

        AssertRefusedEverywhere(marks.Stop().ToArray(), "MARKs nested deeper than 64");

        var lists = new PickleWriter(2);
        for (var i = 0; i < 1000; i++)
        {
            lists.Op(0x5D);
        }

        for (var i = 0; i < 999; i++)
        {
            lists.Op(0x61);
        }

        AssertRefusedEverywhere(lists.Stop().ToArray(), "nested deeper than 64");

        var tuples = new PickleWriter(4).None();
        for (var i = 0; i < 100_000; i++)
        {
            tuples.Op(0x85);
        }

        AssertRefusedEverywhere(tuples.Stop().ToArray(), "nested deeper than 64");

        // A list that contains itself is found by the tree walk.
        var cycle = new PickleWriter(2);
        cycle.Op(0x7D).Str("loop").Op(0x5D).Memo(out var self).Get(self).Op(0x61).Op(0x73).Stop();
        AssertRefusedEverywhere(cycle.ToArray(), "contains itself");
    }

    [Fact]
    public void Persistent_id_attacks_are_refused()
    {
        var module = new PickleWriter(2).Mark().Str("module").Global("torch", "FloatStorage").Str("x")
            .Op(0x74).Op(0x51).Stop();
        AssertRefusedEverywhere(module.ToArray(), "persistent id of kind 'module' is not allowed");

        var notTuple = new PickleWriter(2).Str("storage").Op(0x51).Stop();
        AssertRefusedEverywhere(notTuple.ToArray(), "persistent id is a str");

        var header = new PickleMachine("h.pt", "legacy header", PersistentIdKind.None);
        var e = Assert.Throws<CheckpointFormatException>(() => header.Run(notTuple.ToArray(), 0, out _));
        Assert.Contains("BINPERSID", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Framing_and_length_attacks_are_refused()
    {
        Assert.Contains("FRAME of", RunVm([0x80, 4, 0x95, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0x4E, 0x2E]).Message,
            StringComparison.Ordinal);
        Assert.Contains("FRAME starts inside another frame",
            RunVm([0x80, 4, 0x95, 11, 0, 0, 0, 0, 0, 0, 0, 0x95, 1, 0, 0, 0, 0, 0, 0, 0, 0x4E, 0x2E]).Message,
            StringComparison.Ordinal);
        Assert.Contains("crosses the end of its FRAME",
            RunVm([0x80, 4, 0x95, 3, 0, 0, 0, 0, 0, 0, 0, 0x8C, 3, 0x61, 0x62, 0x63, 0x2E]).Message,
            StringComparison.Ordinal);
        Assert.Contains("needs 4294967295 bytes",
            RunVm([0x80, 2, 0x58, 0xFF, 0xFF, 0xFF, 0xFF, 0x61, 0x2E]).Message, StringComparison.Ordinal);
        Assert.Contains("beyond 2^31",
            RunVm([0x80, 4, 0x8D, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x61, 0x2E]).Message, StringComparison.Ordinal);
        Assert.Contains("integer of 2147483647 bytes",
            RunVm([0x80, 2, 0x8B, 0xFF, 0xFF, 0xFF, 0x7F, 0x2E]).Message, StringComparison.Ordinal);
        Assert.Contains("integer of -1 bytes",
            RunVm([0x80, 2, 0x8B, 0xFF, 0xFF, 0xFF, 0xFF, 0x2E]).Message, StringComparison.Ordinal);
        Assert.Contains("GLOBAL line is not terminated",
            RunVm([0x80, 2, 0x63, .. Enumerable.Repeat((byte)'a', 300), 0x0A, 0x61, 0x0A, 0x2E]).Message,
            StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8",
            RunVm([0x80, 2, 0x58, 2, 0, 0, 0, 0xC3, 0x28, 0x2E]).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 1, 0x4E, 0x2E }, "protocol 1 is not supported")]
    [InlineData(new byte[] { 0x80, 6, 0x4E, 0x2E }, "protocol 6 is not supported")]
    [InlineData(new byte[] { 0x4E, 0x2E }, "not PROTO")]
    [InlineData(new byte[] { 0x80, 2, 0x80, 2, 0x4E, 0x2E }, "PROTO opcode after the start")]
    [InlineData(new byte[] { 0x80, 2, 0x4E, 0x4E, 0x2E }, "STOP with 0 open MARK(s) and 2 value(s)")]
    [InlineData(new byte[] { 0x80, 2, 0x28, 0x4E, 0x2E }, "STOP with 1 open MARK(s)")]
    [InlineData(new byte[] { 0x80, 2, 0x4E }, "ends without a STOP")]
    [InlineData(new byte[] { 0x80, 2, 0x28, 0x61, 0x2E }, "stack underflow")]
    [InlineData(new byte[] { 0x80, 2, 0x4E, 0x4E, 0x61, 0x2E }, "APPEND (0x61 'a') on a None")]
    [InlineData(new byte[] { 0x80, 2, 0x5D, 0x4E, 0x4E, 0x73, 0x2E }, "SETITEM (0x73 's') on a list")]
    [InlineData(new byte[] { 0x80, 2, 0x7D, 0x28, 0x4E, 0x75, 0x2E }, "odd number")]
    [InlineData(new byte[] { 0x80, 2, 0x7D, 0x5D, 0x4E, 0x73, 0x2E }, "dict key of type list")]
    [InlineData(new byte[] { 0x80, 2, 0x4E, 0x4E, 0x93, 0x2E }, "STACK_GLOBAL needs two str")]
    [InlineData(new byte[] { 0x80, 2, 0x75, 0x2E }, "without a MARK")]
    public void Malformed_pickles_are_refused(byte[] pickle, string fragment) =>
        Assert.Contains(fragment, RunVm(pickle).Message, StringComparison.Ordinal);
}
