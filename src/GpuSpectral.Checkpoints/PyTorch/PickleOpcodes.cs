namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>Pickle opcode bytes (CPython <c>Lib/pickle.py</c>) and their names for messages.</summary>
internal static class PickleOpcodes
{
    public const byte Mark = 0x28;              // (
    public const byte Stop = 0x2E;              // .
    public const byte Pop = 0x30;               // 0
    public const byte PopMark = 0x31;           // 1
    public const byte Dup = 0x32;               // 2
    public const byte Float = 0x46;             // F
    public const byte Int = 0x49;               // I
    public const byte BinInt = 0x4A;            // J
    public const byte BinInt1 = 0x4B;           // K
    public const byte Long = 0x4C;              // L
    public const byte BinInt2 = 0x4D;           // M
    public const byte None = 0x4E;              // N
    public const byte PersId = 0x50;            // P
    public const byte BinPersId = 0x51;         // Q
    public const byte Reduce = 0x52;            // R
    public const byte String = 0x53;            // S
    public const byte BinString = 0x54;         // T
    public const byte ShortBinString = 0x55;    // U
    public const byte Unicode = 0x56;           // V
    public const byte BinUnicode = 0x58;        // X
    public const byte Append = 0x61;            // a
    public const byte Build = 0x62;             // b
    public const byte Global = 0x63;            // c
    public const byte Dict = 0x64;              // d
    public const byte EmptyDict = 0x7D;         // }
    public const byte Appends = 0x65;           // e
    public const byte Get = 0x67;               // g
    public const byte BinGet = 0x68;            // h
    public const byte Inst = 0x69;              // i
    public const byte LongBinGet = 0x6A;        // j
    public const byte List = 0x6C;              // l
    public const byte EmptyList = 0x5D;         // ]
    public const byte Obj = 0x6F;               // o
    public const byte Put = 0x70;               // p
    public const byte BinPut = 0x71;            // q
    public const byte LongBinPut = 0x72;        // r
    public const byte SetItem = 0x73;           // s
    public const byte Tuple = 0x74;             // t
    public const byte EmptyTuple = 0x29;        // )
    public const byte SetItems = 0x75;          // u
    public const byte BinFloat = 0x47;          // G
    public const byte Proto = 0x80;
    public const byte NewObj = 0x81;
    public const byte Ext1 = 0x82;
    public const byte Ext2 = 0x83;
    public const byte Ext4 = 0x84;
    public const byte Tuple1 = 0x85;
    public const byte Tuple2 = 0x86;
    public const byte Tuple3 = 0x87;
    public const byte NewTrue = 0x88;
    public const byte NewFalse = 0x89;
    public const byte Long1 = 0x8A;
    public const byte Long4 = 0x8B;
    public const byte BinBytes = 0x42;          // B
    public const byte ShortBinBytes = 0x43;     // C
    public const byte ShortBinUnicode = 0x8C;
    public const byte BinUnicode8 = 0x8D;
    public const byte BinBytes8 = 0x8E;
    public const byte EmptySet = 0x8F;
    public const byte AddItems = 0x90;
    public const byte FrozenSet = 0x91;
    public const byte NewObjEx = 0x92;
    public const byte StackGlobal = 0x93;
    public const byte Memoize = 0x94;
    public const byte Frame = 0x95;
    public const byte ByteArray8 = 0x96;
    public const byte NextBuffer = 0x97;
    public const byte ReadOnlyBuffer = 0x98;

    /// <summary>Name of <paramref name="op"/> with its byte, for example <c>INST (0x69 'i')</c>.</summary>
    public static string Describe(byte op)
    {
        var name = op switch
        {
            Mark => "MARK", Stop => "STOP", Pop => "POP", PopMark => "POP_MARK", Dup => "DUP", Float => "FLOAT",
            Int => "INT", BinInt => "BININT", BinInt1 => "BININT1", Long => "LONG", BinInt2 => "BININT2",
            None => "NONE", PersId => "PERSID", BinPersId => "BINPERSID", Reduce => "REDUCE", String => "STRING",
            BinString => "BINSTRING", ShortBinString => "SHORT_BINSTRING", Unicode => "UNICODE",
            BinUnicode => "BINUNICODE", Append => "APPEND", Build => "BUILD", Global => "GLOBAL", Dict => "DICT",
            EmptyDict => "EMPTY_DICT", Appends => "APPENDS", Get => "GET", BinGet => "BINGET", Inst => "INST",
            LongBinGet => "LONG_BINGET", List => "LIST", EmptyList => "EMPTY_LIST", Obj => "OBJ", Put => "PUT",
            BinPut => "BINPUT", LongBinPut => "LONG_BINPUT", SetItem => "SETITEM", Tuple => "TUPLE",
            EmptyTuple => "EMPTY_TUPLE", SetItems => "SETITEMS", BinFloat => "BINFLOAT", Proto => "PROTO",
            NewObj => "NEWOBJ", Ext1 => "EXT1", Ext2 => "EXT2", Ext4 => "EXT4", Tuple1 => "TUPLE1",
            Tuple2 => "TUPLE2", Tuple3 => "TUPLE3", NewTrue => "NEWTRUE", NewFalse => "NEWFALSE",
            Long1 => "LONG1", Long4 => "LONG4", BinBytes => "BINBYTES", ShortBinBytes => "SHORT_BINBYTES",
            ShortBinUnicode => "SHORT_BINUNICODE", BinUnicode8 => "BINUNICODE8", BinBytes8 => "BINBYTES8",
            EmptySet => "EMPTY_SET", AddItems => "ADDITEMS", FrozenSet => "FROZENSET", NewObjEx => "NEWOBJ_EX",
            StackGlobal => "STACK_GLOBAL", Memoize => "MEMOIZE", Frame => "FRAME", ByteArray8 => "BYTEARRAY8",
            NextBuffer => "NEXT_BUFFER", ReadOnlyBuffer => "READONLY_BUFFER",
            _ => "unknown opcode",
        };
        return op is >= 0x21 and < 0x7F ? $"{name} (0x{op:X2} '{(char)op}')" : $"{name} (0x{op:X2})";
    }
}
