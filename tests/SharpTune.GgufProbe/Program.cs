// Loads a GGUF file with llama.cpp (through LLamaSharp) and answers one request, in its own process so that
// llama.cpp's OpenMP runtime never shares a process with libtorch's. Usage:
//   SharpTune.GgufProbe REQUEST.json RESPONSE.json
// The request names the model (and optionally a GGUF LoRA), prompt token ids to greedy-decode from, texts to
// tokenize, and token ids to score (summed negative log-likelihood, for perplexity). The response is JSON.
using System.Text.Json;
using System.Text.Json.Nodes;
using LLama;
using LLama.Common;
using LLama.Native;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: SharpTune.GgufProbe REQUEST.json RESPONSE.json");
    return 2;
}
var request = JsonNode.Parse(File.ReadAllText(args[0]))!.AsObject();
NativeLogConfig.llama_log_set((level, message) => { if (level >= LLamaLogLevel.Error) Console.Error.Write(message); });
var p = new ModelParams(request["model"]!.GetValue<string>())
{
    ContextSize = 512, BatchSize = 512, UBatchSize = 512, GpuLayerCount = 0, Threads = 1, BatchThreads = 1,
    TypeK = GGMLType.GGML_TYPE_F32, TypeV = GGMLType.GGML_TYPE_F32,                   // llama.cpp's default f16 cache would round every key and value
};
using var weights = LLamaWeights.LoadFromFile(p);
using var context = weights.CreateContext(p);
var response = new JsonObject { ["n_vocab"] = weights.Vocab.Count };
if (request["lora"]?.GetValue<string>() is { } loraPath)
{
    var lora = weights.NativeHandle.LoadLoraFromFile(loraPath);
    context.NativeHandle.SetLoraAdapters([(lora, 1.0f)]);
}
if (request["texts"] is JsonArray texts)
    response["tokenized"] = new JsonArray(texts.Select(t =>
        (JsonNode)new JsonArray(context.Tokenize(t!.GetValue<string>(), addBos: false, special: false).Select(x => (JsonNode)(int)x).ToArray())).ToArray());
if (request["prompt_ids"] is JsonArray prompt)
{
    var ids = prompt.Select(x => x!.GetValue<int>()).ToList();
    int steps = request["max_new_tokens"]?.GetValue<int>() ?? 16;
    var batch = new LLamaBatch();
    for (int i = 0; i < ids.Count; i++) batch.Add((LLamaToken)ids[i], i, LLamaSeqId.Zero, i == ids.Count - 1);
    var generated = new List<int>();
    float[]? firstLogits = null;
    for (int step = 0; step < steps; step++)
    {
        if (context.Decode(batch) != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode failed at step {step}");
        var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1);
        firstLogits ??= logits.ToArray();
        int best = 0;
        for (int v = 1; v < logits.Length; v++) if (logits[v] > logits[best]) best = v;
        generated.Add(best);
        batch.Clear();
        batch.Add((LLamaToken)best, ids.Count + step, LLamaSeqId.Zero, true);
    }
    response["generated"] = new JsonArray(generated.Select(x => (JsonNode)x).ToArray());
    response["first_logits"] = new JsonArray(firstLogits!.Select(x => (JsonNode)x).ToArray());
    context.NativeHandle.MemoryClear(true);
}
if (request["eval_ids"] is JsonArray evalIds)
{
    var ids = evalIds.Select(x => x!.GetValue<int>()).ToList();
    var batch = new LLamaBatch();
    for (int i = 0; i < ids.Count; i++) batch.Add((LLamaToken)ids[i], i, LLamaSeqId.Zero, true);
    if (context.Decode(batch) != DecodeResult.Ok) throw new InvalidOperationException("llama_decode failed on eval_ids");
    double nll = 0;
    for (int i = 0; i + 1 < ids.Count; i++)
    {
        var logits = context.NativeHandle.GetLogitsIth(i);
        float max = float.NegativeInfinity;
        foreach (var l in logits) max = Math.Max(max, l);
        double sum = 0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        nll -= logits[ids[i + 1]] - max - Math.Log(sum);
    }
    response["nll"] = nll;
    response["eval_tokens"] = ids.Count - 1;
}
File.WriteAllText(args[1], response.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
return 0;
