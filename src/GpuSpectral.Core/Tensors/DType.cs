namespace GpuSpectral.Core.Tensors;

/// <summary>Element type of a stored tensor, independent of the container format.</summary>
/// <remarks>
/// Every value of every type listed here is exactly representable in float64, so decoding to
/// <see cref="double"/> never rounds. Integer types are read as plain numbers (no quantization scale).
/// </remarks>
public enum DType
{
    /// <summary>IEEE binary64.</summary>
    F64,
    /// <summary>IEEE binary32.</summary>
    F32,
    /// <summary>IEEE binary16.</summary>
    F16,
    /// <summary>bfloat16: the upper 16 bits of a binary32.</summary>
    BF16,
    /// <summary>FP8 E4M3FN: bias 7, no infinities, S.1111.111 is NaN, max ±448.</summary>
    F8E4M3,
    /// <summary>FP8 E5M2: bias 15, IEEE-like (the upper byte of a binary16).</summary>
    F8E5M2,
    /// <summary>Signed 8-bit integer.</summary>
    I8,
    /// <summary>Unsigned 8-bit integer.</summary>
    U8,
    /// <summary>Signed 16-bit integer.</summary>
    I16,
    /// <summary>Unsigned 16-bit integer.</summary>
    U16,
    /// <summary>Signed 32-bit integer.</summary>
    I32,
    /// <summary>Unsigned 32-bit integer.</summary>
    U32,
    /// <summary>Signed 64-bit integer (values beyond 2^53 lose precision when decoded to float64).</summary>
    I64,
    /// <summary>Unsigned 64-bit integer (values beyond 2^53 lose precision when decoded to float64).</summary>
    U64,
    /// <summary>Boolean stored as one byte (0 or 1).</summary>
    Bool,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeInfo
{
    /// <summary>Size of one element in bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown enum value.</exception>
    public static int SizeInBytes(DType type) => type switch
    {
        DType.F64 or DType.I64 or DType.U64 => 8,
        DType.F32 or DType.I32 or DType.U32 => 4,
        DType.F16 or DType.BF16 or DType.I16 or DType.U16 => 2,
        DType.F8E4M3 or DType.F8E5M2 or DType.I8 or DType.U8 or DType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown dtype"),
    };

    /// <summary>True for the floating-point types.</summary>
    public static bool IsFloatingPoint(DType type) =>
        type is DType.F64 or DType.F32 or DType.F16 or DType.BF16 or DType.F8E4M3 or DType.F8E5M2;
}
