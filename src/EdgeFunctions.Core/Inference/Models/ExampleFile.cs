namespace EdgeFunctions.Inference.Models;

/// <summary>Reads a few-shot classifier's <c>label&lt;TAB&gt;text</c> examples.</summary>
public static class ExampleFile
{
    public static List<(string Label, string Text)> Read(string path, string model)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException(model, $"the examples file '{path}' is missing");
        }

        var examples = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t');
            if (tab <= 0 || tab == line.Length - 1)
            {
                throw new ModelLoadException(model, $"{Path.GetFileName(path)} line {lineNumber} is not 'label<TAB>text'");
            }

            examples.Add((line[..tab].Trim(), line[(tab + 1)..].Trim()));
        }

        return examples;
    }
}
