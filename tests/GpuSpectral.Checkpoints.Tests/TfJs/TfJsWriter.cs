using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace GpuSpectral.Checkpoints.Tests.TfJs;

/// <summary>Writes TF.js models (model.json + shards) for tests.</summary>
internal static class TfJsWriter
{
    public static byte[] F32(params float[] v)
    {
        var b = new byte[v.Length * 4];
        for (var i = 0; i < v.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), v[i]);
        }

        return b;
    }

    public static byte[] U16(params ushort[] v)
    {
        var b = new byte[v.Length * 2];
        for (var i = 0; i < v.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(i * 2), v[i]);
        }

        return b;
    }

    public static byte[] I32(params int[] v)
    {
        var b = new byte[v.Length * 4];
        for (var i = 0; i < v.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(i * 4), v[i]);
        }

        return b;
    }

    public static JsonObject Weight(string name, long[] shape, string dtype, JsonObject? quantization = null)
    {
        var w = new JsonObject
        {
            ["name"] = name,
            ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
            ["dtype"] = dtype,
        };
        if (quantization is not null)
        {
            w["quantization"] = quantization;
        }

        return w;
    }

    public static JsonObject Group(string[] paths, params JsonObject[] weights) => new()
    {
        ["paths"] = new JsonArray(paths.Select(p => (JsonNode)p).ToArray()),
        ["weights"] = new JsonArray(weights.Cast<JsonNode>().ToArray()),
    };

    public static JsonObject Layer(string cls, string name, JsonObject? inner = null)
    {
        var config = new JsonObject { ["name"] = name };
        if (inner is not null)
        {
            config["layer"] = inner;
        }

        return new JsonObject { ["class_name"] = cls, ["config"] = config };
    }

    public static JsonObject LayersModel(JsonObject[] layers, params JsonObject[] groups) => new()
    {
        ["format"] = "layers-model",
        ["generatedBy"] = "keras v2.15.0",
        ["convertedBy"] = "TensorFlow.js Converter v4.17.0",
        ["modelTopology"] = new JsonObject
        {
            ["keras_version"] = "2.15.0",
            ["backend"] = "tensorflow",
            ["model_config"] = new JsonObject
            {
                ["class_name"] = "Sequential",
                ["config"] = new JsonObject
                {
                    ["name"] = "sequential",
                    ["layers"] = new JsonArray(layers.Cast<JsonNode>().ToArray()),
                },
            },
        },
        ["weightsManifest"] = new JsonArray(groups.Cast<JsonNode>().ToArray()),
    };

    /// <summary>Shard bytes of <see cref="Sample"/>: group 1 (two shards, a weight straddling them), group 2.</summary>
    public static (JsonObject Json, Dictionary<string, byte[]> Files) Sample()
    {
        byte[] g1 =
        [
            .. F32(1, 2, 3, 4, 5, 6), // dense/kernel [3, 2]
            .. F32(0.5f, -0.5f), // dense/bias [2]
            .. U16(0x3C00, 0xC000), // conv/kernel float16 [1, 1, 1, 2]
            0, 1, 2, 255, // emb/embeddings uint8 [2, 2], scale 0.1, min -1
            .. U16(0, 1, 65535, 7), // lstm/lstm_cell/kernel uint16 [1, 4], scale 0.25, min 2
        ];
        byte[] g2 =
        [
            .. I32(7), // step int32 [1]
            1, 0, // flag bool [2]
            3, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c', 0, 0, 0, 0, // words string [2]
            .. F32(9, 8), // dw/depthwise_kernel [1, 1, 2, 1]
            0, 10, // count int32 quantized uint8 [2], scale 0.25, min 0.5 → round(0.5)=1, round(3)=3
        ];
        var files = new Dictionary<string, byte[]>
        {
            ["group1-shard1of2.bin"] = g1[..30],
            ["group1-shard2of2.bin"] = g1[30..],
            ["group2-shard1of1.bin"] = g2,
        };
        var json = LayersModel(
            [
                Layer("Embedding", "emb"), Layer("Conv2D", "conv"), Layer("DepthwiseConv2D", "dw"),
                Layer("Dense", "dense"), Layer("LSTM", "lstm"),
            ],
            Group(
                ["group1-shard1of2.bin", "group1-shard2of2.bin"],
                Weight("dense/kernel", [3, 2], "float32"),
                Weight("dense/bias", [2], "float32"),
                Weight("conv/kernel", [1, 1, 1, 2], "float32", new JsonObject { ["dtype"] = "float16" }),
                Weight("emb/embeddings", [2, 2], "float32",
                    new JsonObject { ["dtype"] = "uint8", ["scale"] = 0.1, ["min"] = -1.0, ["original_dtype"] = "float32" }),
                Weight("lstm/lstm_cell/kernel", [1, 4], "float32",
                    new JsonObject { ["dtype"] = "uint16", ["scale"] = 0.25, ["min"] = 2.0 })),
            Group(
                ["group2-shard1of1.bin"],
                Weight("step", [1], "int32"),
                Weight("flag", [2], "bool"),
                Weight("words", [2], "string"),
                Weight("dw/depthwise_kernel", [1, 1, 2, 1], "float32"),
                Weight("count", [2], "int32", new JsonObject { ["dtype"] = "uint8", ["scale"] = 0.25, ["min"] = 0.5 })));
        return (json, files);
    }

    public static string Write(string folder, JsonObject json, Dictionary<string, byte[]> files)
    {
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        var path = Path.Combine(folder, "model.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
