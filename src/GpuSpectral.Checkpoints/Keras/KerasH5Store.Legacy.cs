using System.Text.Json;
using PureHDF;
using PureHDF.VOL.Native;

namespace GpuSpectral.Checkpoints.Keras;

/// <content>Keras 2 / tf.keras / Keras 3 legacy h5 layout (<c>layer_names</c> / <c>weight_names</c>) and class lookup in the model config.</content>
internal sealed partial class KerasH5Store
{
    // ----- Keras 2 / tf.keras / Keras 3 legacy h5 -----

    private KerasLayerNode? ModelConfig(NativeFile root)
    {
        if (!root.AttributeExists("model_config"))
        {
            return null;
        }

        var json = ReadStrings(root, "model_config");
        if (json.Count != 1)
        {
            throw Fail("attribute 'model_config' is not a single string");
        }

        try
        {
            return KerasLayerNode.Parse(json[0]);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw Fail("attribute 'model_config' is not a valid Keras model config: " + OneLine(e.Message), inner: e);
        }
    }

    private void CatalogueLegacy(IH5Group weights, KerasLayerNode? config)
    {
        var layers = ReadStrings(weights, "layer_names");
        var seenLayers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            Count();
            CheckRelativePath(layer, "layer name");
            if (!seenLayers.Add(layer))
            {
                throw Fail($"layer '{layer}' appears twice in 'layer_names'");
            }

            if (!weights.LinkExists(layer))
            {
                throw Fail($"layer '{layer}' is listed in 'layer_names' but has no group");
            }

            var group = Group(weights, layer, layer);
            var weightNames = HasAttribute(group, "weight_names") ? ReadStrings(group, "weight_names") : [];
            foreach (var weightName in weightNames)
            {
                Count();
                CheckRelativePath(weightName, "weight name");
                var name = LegacyTensorName(layer, weightName);
                if (!group.LinkExists(weightName))
                {
                    throw Fail($"'weight_names' of layer '{layer}' lists '{weightName}' but no such dataset exists",
                        name);
                }

                if (group.Get(weightName) is not IH5Dataset dataset)
                {
                    throw Fail($"'{weightName}' of layer '{layer}' is not a dataset", name);
                }

                var segments = name.Split('/');
                var cls = ResolveClass(config, segments);
                Add(name, dataset, KerasLayerKinds.Hint(cls, segments[^1]));
            }
        }
    }

    private static string LegacyTensorName(string layer, string weightName)
    {
        var name = weightName.EndsWith(":0", StringComparison.Ordinal) ? weightName[..^2] : weightName;
        return name.StartsWith(layer + "/", StringComparison.Ordinal) ? name : layer + "/" + name;
    }

    /// <summary>The class of the innermost config layer named along <paramref name="segments"/> (the variable excluded).</summary>
    private static string? ResolveClass(KerasLayerNode? config, string[] segments)
    {
        var node = config;
        string? cls = null;
        for (var i = 0; i < segments.Length - 1 && node is not null; i++)
        {
            var child = FindNested(node, segments[i]);
            if (child is not null)
            {
                node = child;
                cls = Effective(child).ClassName;
            }
        }

        return cls;
    }

    private static KerasLayerNode? FindNested(KerasLayerNode node, string name)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            var found = node.FindLayer(name);
            if (found is not null || node.Wrapped.Count == 0)
            {
                return found;
            }

            node = node.Wrapped[0];
        }

        return null;
    }

    private static KerasLayerNode Effective(KerasLayerNode node)
    {
        for (var depth = 0; depth < 8 && node.Layers.Count == 0 && node.Wrapped.Count > 0; depth++)
        {
            node = node.Wrapped[0];
        }

        return node;
    }
}
