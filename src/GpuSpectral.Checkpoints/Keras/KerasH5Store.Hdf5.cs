using System.Globalization;
using PureHDF;

namespace GpuSpectral.Checkpoints.Keras;

/// <content>HDF5 navigation shared by both layouts: children, groups, checked names and string-list attributes.</content>
internal sealed partial class KerasH5Store
{
    // ----- shared helpers -----

    private Dictionary<string, IH5Object> Children(IH5Group group)
    {
        var result = new Dictionary<string, IH5Object>(StringComparer.Ordinal);
        foreach (var child in group.Children())
        {
            Count();
            if (child is IH5UnresolvedLink link)
            {
                throw Fail($"link '{link.Name}' cannot be resolved: {OneLine(link.Reason?.Message ?? "unknown")}");
            }

            if (!result.TryAdd(child.Name, child))
            {
                throw Fail($"duplicate link name '{child.Name}'");
            }
        }

        return result;
    }

    private IH5Group Group(IH5Group parent, string path, string what) =>
        parent.Get(path) as IH5Group ?? throw Fail($"'{what}' is not a group");

    private IH5Group AsGroup(IH5Object obj, string what) =>
        obj as IH5Group ?? throw Fail($"'{what}' is not a group");

    private void CheckRelativePath(string name, string what)
    {
        if (name.Length == 0 || name.Length > 4096 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw Fail($"invalid {what} '{OneLine(name)}'");
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw Fail($"invalid {what} '{OneLine(name)}' (empty, '.' or '..' path segment)");
            }
        }
    }

    private static bool HasAttribute(IH5Object obj, string name) =>
        obj.AttributeExists(name) || obj.AttributeExists(name + "0");

    /// <summary>A string-list attribute, joined from <c>name0</c>, <c>name1</c>, … when Keras split it.</summary>
    private List<string> ReadStrings(IH5Object obj, string name)
    {
        if (obj.AttributeExists(name))
        {
            return ReadStringAttribute(obj.Attribute(name), name);
        }

        var result = new List<string>();
        for (var chunk = 0; obj.AttributeExists(name + chunk.ToString(CultureInfo.InvariantCulture)); chunk++)
        {
            Count();
            var part = name + chunk.ToString(CultureInfo.InvariantCulture);
            result.AddRange(ReadStringAttribute(obj.Attribute(part), part));
        }

        return result;
    }

    private List<string> ReadStringAttribute(IH5Attribute attribute, string name)
    {
        var type = attribute.Type;
        if (type.Class is not H5DataTypeClass.String and not H5DataTypeClass.VariableLength)
        {
            throw Fail($"attribute '{name}' is not a string (HDF5 class {type.Class})");
        }

        var space = attribute.Space;
        switch (space.Type)
        {
            case H5DataspaceType.Null:
                return [];
            case H5DataspaceType.Scalar:
                return [attribute.Read<string>() ?? throw Fail($"attribute '{name}' holds a null string")];
        }

        var dims = space.Dimensions;
        var perElement = Math.Max(1, type.Size);
        if (dims.Length != 1 || dims[0] > (ulong)(_length / perElement) || dims[0] > (ulong)Array.MaxLength)
        {
            throw Fail($"attribute '{name}' has an implausible shape ({string.Join(", ", dims)})");
        }

        var values = attribute.Read<string[]>();
        var list = new List<string>(values.Length);
        foreach (var v in values)
        {
            Count();
            list.Add(v ?? throw Fail($"attribute '{name}' holds a null string"));
        }

        return list;
    }
}
