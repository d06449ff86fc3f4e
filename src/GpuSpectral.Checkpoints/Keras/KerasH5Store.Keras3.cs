using System.Globalization;
using PureHDF;
using PureHDF.VOL.Native;

namespace GpuSpectral.Checkpoints.Keras;

/// <content>Keras 3 layout (<c>layers/&lt;name&gt;/vars/&lt;i&gt;</c>) and its replay of Keras' automatic layer naming.</content>
internal sealed partial class KerasH5Store
{
    // ----- Keras 3 layers/<name>/vars/<i> -----

    private void CatalogueKeras3(NativeFile root)
    {
        var model = _archiveConfig;
        if (root.LinkExists("vars"))
        {
            EmitVars(Group(root, "vars", "vars"), string.Empty, model, model?.ClassName);
        }

        if (root.LinkExists("layers"))
        {
            WalkContainer(Group(root, "layers", "layers"), string.Empty, model, 1);
        }
    }

    private void WalkLayer(IH5Group group, string prefix, KerasLayerNode? node, string? cls, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail($"layer groups are nested deeper than {MaxDepth} at '{prefix}'");
        }

        var children = Children(group);
        if (children.TryGetValue("vars", out var vars))
        {
            EmitVars(AsGroup(vars, prefix + "/vars"), prefix, node, cls);
        }

        foreach (var (name, child) in children.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (name == "vars")
            {
                continue;
            }

            var sub = AsGroup(child, prefix + "/" + name);
            if (name == "layers")
            {
                WalkContainer(sub, prefix, node, depth + 1);
            }
            else
            {
                var (childNode, childCls) = ResolveAttribute(node, cls, name);
                WalkLayer(sub, Join(prefix, name), childNode, childCls, depth + 1);
            }
        }
    }

    private void WalkContainer(IH5Group container, string prefix, KerasLayerNode? parent, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail($"layer groups are nested deeper than {MaxDepth} at '{prefix}'");
        }

        var groups = Children(container);
        var ordered = new List<(string Name, IH5Object Group, KerasLayerNode? Node, string? Cls)>();
        if (parent is not null)
        {
            // Keras 3 names container members snake_case(class) + "_N" in container order: replay that naming.
            var used = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var layer in parent.Layers)
            {
                var baseName = KerasLayerKinds.ToSnakeCase(layer.ClassName);
                if (baseName.Length == 0)
                {
                    continue;
                }

                string auto;
                if (used.TryGetValue(baseName, out var n))
                {
                    used[baseName] = n + 1;
                    auto = $"{baseName}_{n + 1}";
                }
                else
                {
                    used[baseName] = 0;
                    auto = baseName;
                }

                if (groups.Remove(auto, out var g))
                {
                    ordered.Add((auto, g, layer, layer.ClassName));
                }
            }
        }

        foreach (var (name, g) in groups.OrderBy(kv => AutoNameKey(kv.Key).Base, StringComparer.Ordinal)
                     .ThenBy(kv => AutoNameKey(kv.Key).Index)
                     .ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ordered.Add((name, g, null, KerasLayerKinds.ClassFromAutoName(name)));
        }

        foreach (var (name, g, node, cls) in ordered)
        {
            WalkLayer(AsGroup(g, Join(prefix, name)), Join(prefix, name), node, cls, depth + 1);
        }
    }

    private static (string Base, long Index) AutoNameKey(string name)
    {
        var cut = name.LastIndexOf('_');
        return cut > 0 && cut < name.Length - 1 && cut >= name.Length - 10
                       && long.TryParse(name.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? (name[..cut], i)
            : (name, 0);
    }

    private static (KerasLayerNode? Node, string? Cls) ResolveAttribute(KerasLayerNode? node, string? cls, string attribute)
    {
        if (KerasLayerKinds.IsRecurrentLayer(cls) && attribute == "cell")
        {
            return (node, cls + "Cell");
        }

        if (cls is "Bidirectional" or "TimeDistributed" && attribute is "layer" or "forward_layer" or "backward_layer")
        {
            var wrapped = node?.Wrapped;
            var inner = wrapped is null || wrapped.Count == 0
                ? null
                : attribute == "backward_layer" && wrapped.Count > 1 ? wrapped[1] : wrapped[0];
            return (inner, inner?.ClassName);
        }

        return (null, KerasLayerKinds.ClassFromAutoName(attribute));
    }

    private void EmitVars(IH5Group vars, string prefix, KerasLayerNode? node, string? cls)
    {
        var children = Children(vars);
        var datasets = new IH5Dataset[children.Count];
        foreach (var (name, obj) in children)
        {
            var where = Join(prefix, "vars/" + name);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= datasets.Length || index.ToString(CultureInfo.InvariantCulture) != name)
            {
                throw Fail($"unexpected entry '{name}' in a vars group (expected 0..{datasets.Length - 1})", where);
            }

            datasets[index] = obj as IH5Dataset ?? throw Fail("vars entry is not a dataset", where);
        }

        var names = KerasLayerKinds.VariableNames(node, cls, datasets.Length);
        for (var i = 0; i < datasets.Length; i++)
        {
            var variable = names?[i];
            var name = Join(prefix, variable ?? "vars/" + i.ToString(CultureInfo.InvariantCulture));
            Add(name, datasets[i], KerasLayerKinds.Hint(cls, variable ?? string.Empty));
        }
    }
}
