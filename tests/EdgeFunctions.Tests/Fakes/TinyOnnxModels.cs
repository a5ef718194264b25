using System.Buffers.Binary;
using Google.Protobuf;

namespace EdgeFunctions.Tests.Fakes;

/// <summary>
/// Builds tiny but real ONNX models in memory so tests can drive the ONNX model loader
/// without downloading weights. Both models are shaped like a BERT export: they declare
/// int64 inputs <c>input_ids</c>, <c>attention_mask</c> and <c>token_type_ids</c> with
/// symbolic dims ["batch","sequence"] and a float output <c>logits</c>.
/// </summary>
/// <remarks>
/// The protobuf is written by hand (no .proto codegen) so the test project needs only
/// Google.Protobuf. Field numbers come from onnx/onnx.proto; the comment on each helper
/// names the message and the field numbers it writes.
/// </remarks>
internal static class TinyOnnxModels
{
    // ir_version 8 / opset 13 is old enough for every ONNX Runtime in use and new
    // enough that ReduceSum and Unsqueeze take their axes as inputs (opset-13 style).
    private const long IrVersion = 8;
    private const long OpsetVersion = 13;

    // TensorProto.DataType values.
    private const int ElemFloat = 1;
    private const int ElemInt64 = 7;

    // AttributeProto.AttributeType.INT
    private const int AttrTypeInt = 2;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    /// <summary>
    /// Sequence classifier: <c>logits[b, :] = sum_s tokenLogits[input_ids[b,s], :] * attention_mask[b,s]</c>,
    /// output shape [batch, numLabels]. Padding (mask 0) contributes nothing.
    /// </summary>
    /// <param name="tokenLogits">Per-token label scores, shape [vocabSize, numLabels].</param>
    public static byte[] SequenceClassifier(float[,] tokenLogits)
    {
        var labels = CheckShape(tokenLogits);
        byte[][] nodes =
        [
            // [vocab, L] gathered by ids [b, s] -> [b, s, L]
            Node("Gather", ["W", "input_ids"], ["per_token"]),
            // Mul needs matching element types, so the int64 mask becomes float.
            Node("Cast", ["attention_mask"], ["mask_f"], IntAttr("to", ElemFloat)),
            // [b, s] -> [b, s, 1] so it broadcasts across the label axis.
            Node("Unsqueeze", ["mask_f", "axes_last"], ["mask_3d"]),
            Node("Mul", ["per_token", "mask_3d"], ["masked"]),
            // Sum over the sequence axis and drop it: [b, s, L] -> [b, L].
            Node("ReduceSum", ["masked", "axes_seq"], ["logits"], IntAttr("keepdims", 0)),
        ];
        byte[][] initializers =
        [
            FloatTensor("W", tokenLogits),
            Int64Tensor("axes_last", 2),
            Int64Tensor("axes_seq", 1),
        ];
        var output = ValueInfo("logits", ElemFloat, SymDim("batch"), FixedDim(labels));
        return Model(Graph("tiny_sequence_classifier", nodes, initializers, output));
    }

    /// <summary>
    /// Token classifier: <c>logits[b, s, :] = tokenLogits[input_ids[b,s], :]</c>,
    /// output shape [batch, sequence, numLabels]. The mask is declared but unused.
    /// </summary>
    /// <param name="tokenLogits">Per-token label scores, shape [vocabSize, numLabels].</param>
    public static byte[] TokenClassifier(float[,] tokenLogits)
    {
        var labels = CheckShape(tokenLogits);
        byte[][] nodes = [Node("Gather", ["W", "input_ids"], ["logits"])];
        byte[][] initializers = [FloatTensor("W", tokenLogits)];
        var output = ValueInfo(
            "logits", ElemFloat, SymDim("batch"), SymDim("sequence"), FixedDim(labels));
        return Model(Graph("tiny_token_classifier", nodes, initializers, output));
    }

    private static int CheckShape(float[,] tokenLogits)
    {
        ArgumentNullException.ThrowIfNull(tokenLogits);
        return tokenLogits.GetLength(0) > 0 && tokenLogits.GetLength(1) > 0
            ? tokenLogits.GetLength(1)
            : throw new ArgumentException("tokenLogits must be [vocabSize > 0, numLabels > 0].", nameof(tokenLogits));
    }

    // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8.
    private static byte[] Model(byte[] graph) => Message(o =>
    {
        WriteInt(o, 1, IrVersion);
        WriteString(o, 2, "EdgeFunctions.Tests");
        WriteMessage(o, 7, graph);
        // OperatorSetIdProto: domain = 1 ("" is the default ai.onnx domain), version = 2.
        WriteMessage(o, 8, Message(op =>
        {
            WriteString(op, 1, "");
            WriteInt(op, 2, OpsetVersion);
        }));
    });

    // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
    // Every model declares all three BERT inputs because ORT rejects feeds the graph
    // does not declare, and a real loader always feeds all of them.
    private static byte[] Graph(string name, byte[][] nodes, byte[][] initializers, byte[] output) => Message(o =>
    {
        foreach (var node in nodes)
        {
            WriteMessage(o, 1, node);
        }

        WriteString(o, 2, name);
        foreach (var tensor in initializers)
        {
            WriteMessage(o, 5, tensor);
        }

        foreach (var input in InputNames)
        {
            WriteMessage(o, 11, ValueInfo(input, ElemInt64, SymDim("batch"), SymDim("sequence")));
        }

        WriteMessage(o, 12, output);
    });

    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
    private static byte[] Node(string opType, string[] inputs, string[] outputs, params byte[][] attributes) => Message(o =>
    {
        foreach (var input in inputs)
        {
            WriteString(o, 1, input);
        }

        foreach (var output in outputs)
        {
            WriteString(o, 2, output);
        }

        WriteString(o, 3, opType + "_" + outputs[0]);
        WriteString(o, 4, opType);
        foreach (var attribute in attributes)
        {
            WriteMessage(o, 5, attribute);
        }
    });

    // AttributeProto: name = 1, i = 3, type = 20 (required since IR v2).
    private static byte[] IntAttr(string name, long value) => Message(o =>
    {
        WriteString(o, 1, name);
        WriteInt(o, 3, value);
        WriteInt(o, 20, AttrTypeInt);
    });

    private static byte[] FloatTensor(string name, float[,] values)
    {
        // raw_data must be little-endian whatever the host is, hence BinaryPrimitives.
        var raw = new byte[values.Length * sizeof(float)];
        var offset = 0;
        foreach (var value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(offset), value);
            offset += sizeof(float);
        }

        return Tensor(name, ElemFloat, [values.GetLength(0), values.GetLength(1)], raw);
    }

    // A 1-D int64 tensor, used for the axes inputs of Unsqueeze/ReduceSum.
    private static byte[] Int64Tensor(string name, params long[] values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        return Tensor(name, ElemInt64, [values.Length], raw);
    }

    // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.
    private static byte[] Tensor(string name, int dataType, long[] dims, byte[] raw) => Message(o =>
    {
        foreach (var dim in dims)
        {
            WriteInt(o, 1, dim);
        }

        WriteInt(o, 2, dataType);
        WriteString(o, 8, name);
        WriteMessage(o, 9, raw); // raw_data is bytes; same wire encoding as a sub-message.
    });

    // ValueInfoProto { name = 1, type = 2 } -> TypeProto { tensor_type = 1 }
    //   -> TypeProto.Tensor { elem_type = 1, shape = 2 } -> TensorShapeProto { dim = 1 }.
    private static byte[] ValueInfo(string name, int elemType, params byte[][] dims) => Message(o =>
    {
        WriteString(o, 1, name);
        var shape = Message(s =>
        {
            foreach (var dim in dims)
            {
                WriteMessage(s, 1, dim);
            }
        });
        var tensorType = Message(t =>
        {
            WriteInt(t, 1, elemType);
            WriteMessage(t, 2, shape);
        });
        WriteMessage(o, 2, Message(t => WriteMessage(t, 1, tensorType)));
    });

    // TensorShapeProto.Dimension: dim_value = 1, dim_param = 2 (symbolic name).
    private static byte[] SymDim(string param) => Message(o => WriteString(o, 2, param));

    private static byte[] FixedDim(long value) => Message(o => WriteInt(o, 1, value));

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    // Sub-messages are serialized first and embedded as length-delimited bytes, which is
    // exactly how protobuf encodes a nested message on the wire.
    private static void WriteMessage(CodedOutputStream o, int field, byte[] message)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(message));
    }

    private static void WriteString(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    private static void WriteInt(CodedOutputStream o, int field, long value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    }
}
