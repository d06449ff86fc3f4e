using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>Facts about one ggml tensor type (<c>enum ggml_type</c> in ggml.h, <c>type_traits</c> in ggml.c).</summary>
/// <param name="Id">The numeric id stored in a GGUF tensor info.</param>
/// <param name="Name">ggml's name, for example <c>Q4_K</c>.</param>
/// <param name="BlockElements">Elements per block (1 for plain types).</param>
/// <param name="BlockBytes">Bytes per block.</param>
/// <param name="PlainDType">The element type for unquantized types, else null.</param>
/// <param name="Supported">True when this reader can decode the type.</param>
internal sealed record GgmlTypeInfo(
    int Id, string Name, int BlockElements, int BlockBytes, DType? PlainDType, bool Supported)
{
    /// <summary>True for block-quantized types (decoded to float32 values).</summary>
    public bool IsQuantized => PlainDType is null;
}

/// <summary>The table of ggml tensor types (GGUF §5.2).</summary>
internal static class GgmlTypes
{
    private static readonly Dictionary<int, GgmlTypeInfo> ById = Build();

    /// <summary>Looks up a type id; false when ggml never defined it or has removed it.</summary>
    public static bool TryGet(uint id, out GgmlTypeInfo info)
    {
        if (id <= int.MaxValue && ById.TryGetValue((int)id, out var found))
        {
            info = found;
            return true;
        }

        info = null!;
        return false;
    }

    private static Dictionary<int, GgmlTypeInfo> Build()
    {
        GgmlTypeInfo P(int id, string name, int size, DType dtype) => new(id, name, 1, size, dtype, true);
        GgmlTypeInfo Q(int id, string name, int elems, int bytes) => new(id, name, elems, bytes, null, true);
        GgmlTypeInfo U(int id, string name, int elems, int bytes) => new(id, name, elems, bytes, null, false);

        GgmlTypeInfo[] all =
        [
            P(0, "F32", 4, DType.F32),
            P(1, "F16", 2, DType.F16),
            Q(2, "Q4_0", 32, 18),
            Q(3, "Q4_1", 32, 20),
            Q(6, "Q5_0", 32, 22),
            Q(7, "Q5_1", 32, 24),
            Q(8, "Q8_0", 32, 34),
            U(9, "Q8_1", 32, 36),
            Q(10, "Q2_K", 256, 84),
            Q(11, "Q3_K", 256, 110),
            Q(12, "Q4_K", 256, 144),
            Q(13, "Q5_K", 256, 176),
            Q(14, "Q6_K", 256, 210),
            U(15, "Q8_K", 256, 292),
            U(16, "IQ2_XXS", 256, 66),
            U(17, "IQ2_XS", 256, 74),
            U(18, "IQ3_XXS", 256, 98),
            U(19, "IQ1_S", 256, 50),
            U(20, "IQ4_NL", 32, 18),
            U(21, "IQ3_S", 256, 110),
            U(22, "IQ2_S", 256, 82),
            U(23, "IQ4_XS", 256, 136),
            P(24, "I8", 1, DType.I8),
            P(25, "I16", 2, DType.I16),
            P(26, "I32", 4, DType.I32),
            P(27, "I64", 8, DType.I64),
            P(28, "F64", 8, DType.F64),
            U(29, "IQ1_M", 256, 56),
            P(30, "BF16", 2, DType.BF16),
            U(34, "TQ1_0", 256, 54),
            U(35, "TQ2_0", 256, 66),
            U(39, "MXFP4", 32, 17),
            U(40, "NVFP4", 64, 36),
            U(41, "Q1_0", 128, 18),
            U(42, "Q2_0", 64, 18),
        ];
        return all.ToDictionary(t => t.Id);
    }

    /// <summary>Names of ids that ggml once defined and has removed (for clearer messages).</summary>
    public static string? RemovedName(uint id) => id switch
    {
        4 => "Q4_2",
        5 => "Q4_3",
        31 => "Q4_0_4_4",
        32 => "Q4_0_4_8",
        33 => "Q4_0_8_8",
        36 => "IQ4_NL_4_4",
        37 => "IQ4_NL_4_8",
        38 => "IQ4_NL_8_8",
        _ => null,
    };
}
