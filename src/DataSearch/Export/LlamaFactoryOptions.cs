namespace DataSearch.Export;

/// <summary>What goes into the LLaMA-Factory export's dataset entry and training YAML.</summary>
/// <param name="DatasetName">The dataset's name in <c>dataset_info.json</c> (and its file: NAME.json).</param>
/// <param name="Model">Hugging Face id or path of the model to fine-tune.</param>
/// <param name="Template">LLaMA-Factory's chat template name for that model (qwen, llama3, …).</param>
/// <param name="FinetuningType"><c>lora</c> or <c>full</c>.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="CutoffLength">Tokens per example after which it is cut.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="OutputDir">Where LLaMA-Factory writes the trained model; null: <c>saves/NAME</c>.</param>
/// <param name="TrainTemplate">A YAML template with <c>{placeholders}</c> to use instead of the built-in one, or null.</param>
/// <param name="Seed">The training seed (<c>seed:</c> in the YAML; LLaMA-Factory's own default is 42).</param>
public sealed record LlamaFactoryOptions(
    string DatasetName,
    string Model = "Qwen/Qwen2.5-1.5B-Instruct",
    string Template = "qwen",
    string FinetuningType = "lora",
    double Epochs = 3,
    int CutoffLength = 2048,
    double LearningRate = 1e-4,
    string? OutputDir = null,
    string? TrainTemplate = null,
    ulong Seed = LlamaFactoryOptions.DefaultSeed)
{
    /// <summary>LLaMA-Factory's own default seed, used when none is given.</summary>
    public const ulong DefaultSeed = 42;
}
