using System.Globalization;
using GpuSpectral.Checkpoints.Interop;

namespace GpuSpectral.Checkpoints.Onnx;

/// <content>External data: parsing <c>external_data</c> entries and confining their location to the model's folder.</content>
public sealed partial class OnnxReader
{
    private (MappedFile File, long Offset) ResolveExternal(OnnxTensor t, string name, long bytes)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (var (key, value) in t.ExternalData)
        {
            switch (key)
            {
                case "location":
                    if (location is not null)
                    {
                        throw Error("external_data has two 'location' entries", name, t.MessageStart);
                    }

                    location = value;
                    break;
                case "offset":
                    offset = ParseNonNegative(value, "offset", name, t);
                    break;
                case "length":
                    length = ParseNonNegative(value, "length", name, t);
                    break;
                case "checksum":
                    break;
                default:
                    throw Error($"unknown external_data key '{key}'", name, t.MessageStart);
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw Error("external tensor has no 'location'", name, t.MessageStart);
        }

        if (length is not null && length.Value != bytes)
        {
            throw Error($"external length {length} differs from dims x element size {bytes}", name,
                t.MessageStart);
        }

        var full = CheckLocation(location, name, t);
        if (!_external.TryGetValue(full, out var file))
        {
            file = MappedFile.Open(full);
            _external.Add(full, file);
        }

        if (!file.Contains(offset, bytes))
        {
            throw Error($"external range [{offset}, {offset} + {bytes}) lies outside '{location}' of "
                        + $"{file.Length} bytes", name, t.MessageStart);
        }

        return (file, offset);
    }

    private long ParseNonNegative(string value, string key, string name, OnnxTensor t)
    {
        if (value.Length == 0 || value.Length > 19 || !value.All(char.IsAsciiDigit)
            || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw Error($"external_data '{key}' is not a non-negative integer: '{Short(value)}'", name,
                t.MessageStart);
        }

        return n;
    }

    private static string Short(string s) => s.Length <= 64 ? s : s[..64] + "…";

    private string CheckLocation(string location, string name, OnnxTensor t)
    {
        if (location.Contains('\0', StringComparison.Ordinal) || location.Contains(':', StringComparison.Ordinal)
            || location[0] is '/' or '\\' || System.IO.Path.IsPathRooted(location))
        {
            throw Error($"external location '{Short(location)}' must be a relative path inside the model's folder",
                name, t.MessageStart);
        }

        var segments = location.Split('/', '\\');
        if (segments.Any(s => s == ".."))
        {
            throw Error($"external location '{Short(location)}' has a '..' segment (path traversal)", name,
                t.MessageStart);
        }

        var root = System.IO.Path.TrimEndingDirectorySeparator(_folder);
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, location));
        if (!full.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Error($"external location '{Short(location)}' leaves the model's folder", name, t.MessageStart);
        }

        var current = root;
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            current = System.IO.Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (!info.Exists)
            {
                throw Error($"external data file '{Short(location)}' does not exist", name, t.MessageStart);
            }

            if (info.LinkTarget is not null || (info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw Error($"external location '{Short(location)}' goes through a symbolic link", name,
                    t.MessageStart);
            }
        }

        if (!File.Exists(full))
        {
            throw Error($"external data file '{Short(location)}' does not exist", name, t.MessageStart);
        }

        return full;
    }
}
