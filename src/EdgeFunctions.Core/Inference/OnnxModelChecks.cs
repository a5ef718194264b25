using EdgeFunctions.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFunctions.Inference;

/// <summary>Load-time checks that a classifier graph matches its manifest, so mistakes fail at start-up.</summary>
internal static class OnnxModelChecks
{
    public static void EnsureLabelOutput(ModelManifest manifest, InferenceSession session, string output, int rank)
    {
        if (manifest.Labels.Count < 2)
        {
            throw new ModelLoadException(manifest.Name, "the manifest must list at least two labels");
        }

        if (!session.InputMetadata.ContainsKey("input_ids") || !session.InputMetadata.ContainsKey("attention_mask"))
        {
            throw new ModelLoadException(manifest.Name, "the ONNX graph must take 'input_ids' and 'attention_mask'");
        }

        if (!session.OutputMetadata.TryGetValue(output, out var metadata))
        {
            throw new ModelLoadException(manifest.Name, $"the ONNX graph has no output '{output}'");
        }

        if (metadata.Dimensions.Length != rank)
        {
            throw new ModelLoadException(manifest.Name, $"output '{output}' has rank {metadata.Dimensions.Length}, expected {rank}");
        }

        var labelDimension = metadata.Dimensions[^1];
        if (labelDimension > 0 && labelDimension != manifest.Labels.Count)
        {
            throw new ModelLoadException(manifest.Name, $"output '{output}' has {labelDimension} classes but the manifest lists {manifest.Labels.Count} labels");
        }
    }
}
