using System.Text;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Keras;

/// <summary>
/// Keras layer classes: the <see cref="LayerKindHint"/> of each variable, Keras 3 variable order (trainable then
/// non-trainable) and Keras 3's automatic group names (<c>to_snake_case(class name)</c> plus <c>_N</c>).
/// </summary>
internal static class KerasLayerKinds
{
    private static readonly string[] Recurrent =
        ["LSTM", "GRU", "SimpleRNN", "LSTMCell", "GRUCell", "SimpleRNNCell", "CuDNNLSTM", "CuDNNGRU"];

    private static readonly string[] Norms =
    [
        "BatchNormalization", "LayerNormalization", "GroupNormalization", "SyncBatchNormalization",
        "RMSNormalization", "UnitNormalization",
    ];

    /// <summary>Classes whose snake-case auto names are recognised in a <c>.weights.h5</c> without a config.</summary>
    private static readonly string[] Known =
    [
        "Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
        "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D", "Embedding", "LSTM", "GRU",
        "SimpleRNN", "LSTMCell", "GRUCell", "SimpleRNNCell", "BatchNormalization", "LayerNormalization",
        "GroupNormalization", "Sequential", "Functional", "Bidirectional", "TimeDistributed",
    ];

    private static readonly Dictionary<string, string> BySnake =
        Known.ToDictionary(ToSnakeCase, c => c, StringComparer.Ordinal);

    /// <summary>The hint for variable <paramref name="variable"/> (last name segment) of a <paramref name="className"/> layer.</summary>
    public static LayerKindHint Hint(string? className, string variable)
    {
        if (className is null)
        {
            return LayerKindHint.None;
        }

        if (Norms.Contains(className))
        {
            return LayerKindHint.Norm;
        }

        if (Recurrent.Contains(className))
        {
            return variable is "kernel" or "recurrent_kernel" ? LayerKindHint.Recurrent : LayerKindHint.None;
        }

        return (className, variable) switch
        {
            ("Dense", "kernel") => LayerKindHint.Dense,
            ("Conv1D", "kernel") => LayerKindHint.Conv1D,
            ("Conv2D", "kernel") => LayerKindHint.Conv2D,
            ("Conv1DTranspose" or "Conv2DTranspose", "kernel") => LayerKindHint.ConvTranspose,
            ("DepthwiseConv1D" or "DepthwiseConv2D", "kernel" or "depthwise_kernel") => LayerKindHint.DepthwiseConv,
            ("SeparableConv1D" or "SeparableConv2D", "depthwise_kernel") => LayerKindHint.DepthwiseConv,
            ("SeparableConv1D", "pointwise_kernel") => LayerKindHint.Conv1D,
            ("SeparableConv2D", "pointwise_kernel") => LayerKindHint.Conv2D,
            ("Embedding", "embeddings") => LayerKindHint.Embedding,
            _ => LayerKindHint.None,
        };
    }

    /// <summary>True for the recurrent layer classes whose variables live in a <c>cell</c> sub-layer in Keras 3.</summary>
    public static bool IsRecurrentLayer(string? className) => className is "LSTM" or "GRU" or "SimpleRNN";

    /// <summary>
    /// Names of a Keras 3 layer's variables in saved order, or null when the class is unknown or the count does not
    /// match (the caller then names them by index).
    /// </summary>
    public static string[]? VariableNames(KerasLayerNode? config, string? className, int count)
    {
        var useBias = config?.UseBias ?? true;
        var biasKnown = config?.UseBias is not null;
        string[]? names = className switch
        {
            "Dense" or "Conv1D" or "Conv2D" or "Conv3D" or "Conv1DTranspose" or "Conv2DTranspose"
                or "Conv3DTranspose" or "DepthwiseConv1D" or "DepthwiseConv2D" =>
                useBias ? ["kernel", "bias"] : ["kernel"],
            "SeparableConv1D" or "SeparableConv2D" =>
                useBias ? ["depthwise_kernel", "pointwise_kernel", "bias"] : ["depthwise_kernel", "pointwise_kernel"],
            "Embedding" => ["embeddings"],
            "LSTM" or "GRU" or "SimpleRNN" or "LSTMCell" or "GRUCell" or "SimpleRNNCell" =>
                useBias ? ["kernel", "recurrent_kernel", "bias"] : ["kernel", "recurrent_kernel"],
            "BatchNormalization" or "SyncBatchNormalization" =>
                [.. Affine(config), "moving_mean", "moving_variance"],
            "LayerNormalization" or "GroupNormalization" => Affine(config),
            _ => null,
        };

        if (names is null)
        {
            return null;
        }

        if (names.Length == count)
        {
            return names;
        }

        // use_bias unknown (no config): a layer saved without its bias has one variable fewer.
        if (!biasKnown && names.Length == count + 1 && names[^1] == "bias")
        {
            return names[..^1];
        }

        return null;
    }

    /// <summary>
    /// The class that Keras 3 auto-named <paramref name="groupName"/> after (<c>conv2d_3</c> → <c>Conv2D</c>), or null.
    /// </summary>
    public static string? ClassFromAutoName(string groupName)
    {
        var i = groupName.Length;
        while (i > 0 && char.IsAsciiDigit(groupName[i - 1]))
        {
            i--;
        }

        var baseName = i < groupName.Length && i > 1 && groupName[i - 1] == '_' ? groupName[..(i - 1)] : groupName;
        return BySnake.GetValueOrDefault(baseName);
    }

    /// <summary>Keras' <c>naming.to_snake_case</c>: drop non-word characters, split words, lower-case.</summary>
    public static string ToSnakeCase(string name)
    {
        var s = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                s.Append(c);
            }
        }

        // re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
        var a = s.ToString();
        var b = new StringBuilder(a.Length + 8);
        var pos = 0;
        while (pos < a.Length)
        {
            var matched = false;
            if (pos + 2 < a.Length && char.IsAsciiLetterUpper(a[pos + 1]) && char.IsAsciiLetterLower(a[pos + 2]))
            {
                var end = pos + 3;
                while (end < a.Length && char.IsAsciiLetterLower(a[end]))
                {
                    end++;
                }

                b.Append(a[pos]).Append('_').Append(a, pos + 1, end - pos - 1);
                pos = end;
                matched = true;
            }

            if (!matched)
            {
                b.Append(a[pos]);
                pos++;
            }
        }

        // re.sub("([a-z])([A-Z])", r"\1_\2", name)
        var c2 = b.ToString();
        var d = new StringBuilder(c2.Length + 8);
        for (var k = 0; k < c2.Length; k++)
        {
            d.Append(c2[k]);
            if (k + 1 < c2.Length && char.IsAsciiLetterLower(c2[k]) && char.IsAsciiLetterUpper(c2[k + 1]))
            {
                d.Append('_');
            }
        }

        return d.ToString().ToLowerInvariant();
    }

    private static string[] Affine(KerasLayerNode? config)
    {
        var list = new List<string>(2);
        if (config?.Scale ?? true)
        {
            list.Add("gamma");
        }

        if (config?.Center ?? true)
        {
            list.Add("beta");
        }

        return [.. list];
    }
}
