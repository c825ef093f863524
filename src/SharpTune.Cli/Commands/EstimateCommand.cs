using System.CommandLine;
using SharpTune.Core.Planning;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune estimate`: memory, FLOPs, time and money of a fine-tuning run (LLaMA-Factory's argument names); `--calibrate` measures this CPU.</summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var d = new EstimateOptions();
        var model = new Option<string>("--model") { Description = $"A preset ({string.Join(", ", ModelPresets.Names)}), a size such as 7B or 38B, or a config.json path.", DefaultValueFactory = _ => d.Model };
        var method = new Option<string>("--finetuning_type") { Description = string.Join(", ", EstimateOptions.Methods), DefaultValueFactory = _ => d.FinetuningType };
        var loraRank = new Option<int>("--lora_rank") { DefaultValueFactory = _ => d.LoraRank };
        var loraTarget = new Option<string>("--lora_target") { Description = "all, or some of " + string.Join(", ", EstimateOptions.LinearNames), DefaultValueFactory = _ => d.LoraTarget };
        var dora = new Option<bool>("--use_dora");
        var freezeLayers = new Option<int>("--freeze_trainable_layers") { DefaultValueFactory = _ => d.FreezeTrainableLayers };
        var freezeModules = new Option<string>("--freeze_trainable_modules") { DefaultValueFactory = _ => d.FreezeTrainableModules };
        var freezeExtra = new Option<string?>("--freeze_extra_modules");
        var virtualTokens = new Option<int>("--num_virtual_tokens") { DefaultValueFactory = _ => d.NumVirtualTokens };
        var prefixProjection = new Option<bool>("--prefix_projection");
        var encoderHidden = new Option<int?>("--encoder_hidden_size");
        var adapterType = new Option<string>("--adapter_type") { Description = "houlsby or pfeiffer", DefaultValueFactory = _ => d.AdapterType };
        var adapterSize = new Option<int>("--adapter_size") { DefaultValueFactory = _ => d.AdapterSize };
        var quant = new Option<int?>("--quantization_bit") { Description = "4 or 8: QLoRA (with --finetuning_type lora)." };
        var precision = new Option<string>("--precision") { Description = string.Join(", ", EstimateOptions.Precisions), DefaultValueFactory = _ => d.Precision };
        var optimizer = new Option<string>("--optimizer") { Description = string.Join(", ", EstimateOptions.Optimizers), DefaultValueFactory = _ => d.Optimizer };
        var inBwd = new Option<bool>("--optimizer_in_bwd") { Description = "The optimizer steps inside backward (no full gradient buffer), as torchtune's optimizer_in_bwd." };
        var batch = new Option<int>("--per_device_train_batch_size") { DefaultValueFactory = _ => d.PerDeviceTrainBatchSize };
        var cutoff = new Option<int>("--cutoff_len") { DefaultValueFactory = _ => d.CutoffLen };
        var checkpointing = new Option<bool>("--gradient_checkpointing");
        var tokens = new Option<double?>("--tokens") { Description = "Tokens trained on in all." };
        var datasetTokens = new Option<double?>("--dataset_tokens") { Description = "Tokens in the dataset (× --num_train_epochs)." };
        var epochs = new Option<double>("--num_train_epochs") { DefaultValueFactory = _ => d.NumTrainEpochs };
        var hardware = new Option<string>("--hardware") { Description = string.Join(", ", HardwareCatalog.Names), DefaultValueFactory = _ => d.Hardware };
        var devices = new Option<int>("--num_devices") { DefaultValueFactory = _ => d.NumDevices };
        var zero = new Option<int>("--zero_stage") { Description = "0-3: what is sharded across devices (DeepSpeed ZeRO).", DefaultValueFactory = _ => d.ZeroStage };
        var mfu = new Option<double?>("--mfu") { Description = "Model FLOPs utilisation, 0-1 (default 0.4 on accelerators, calibrated on cpu)." };
        var price = new Option<double?>("--price") { Description = "USD per device-hour (default: the catalogue's indicative price)." };
        var days = new Option<double?>("--days") { Description = "Instead of time: the tokens these devices could train on in this many days." };
        var compare = new Option<bool>("--compare") { Description = "All methods side by side for this model and hardware." };
        var calibrate = new Option<bool>("--calibrate") { Description = "Measure this CPU with short real training steps and store the cpu profile." };
        var calibrateSteps = new Option<int>("--calibrate_steps") { Description = "Measured steps per calibrated configuration.", DefaultValueFactory = _ => 4 };
        var calibrateBatch = new Option<int>("--calibrate_batch") { Description = "Sequences of 256 tokens per calibrated step.", DefaultValueFactory = _ => 2 };
        var profile = new Option<string>("--cpu_profile") { Description = "The cpu profile file.", DefaultValueFactory = _ => CpuProfile.DefaultPath };
        var json = CliCommon.JsonOption();
        var cmd = new Command("estimate", "What a fine-tuning run will cost: parameters, memory per device, FLOPs, time, device-hours and money.")
        {
            model, method, loraRank, loraTarget, dora, freezeLayers, freezeModules, freezeExtra, virtualTokens, prefixProjection, encoderHidden,
            adapterType, adapterSize, quant, precision, optimizer, inBwd, batch, cutoff, checkpointing, tokens, datasetTokens, epochs, hardware,
            devices, zero, mfu, price, days, compare, calibrate, calibrateSteps, calibrateBatch, profile, json,
        };
        cmd.SetAction(p =>
        {
            var o = new EstimateOptions
            {
                Model = p.GetValue(model)!, FinetuningType = p.GetValue(method)!, LoraRank = p.GetValue(loraRank), LoraTarget = p.GetValue(loraTarget)!,
                UseDora = p.GetValue(dora), FreezeTrainableLayers = p.GetValue(freezeLayers), FreezeTrainableModules = p.GetValue(freezeModules)!,
                FreezeExtraModules = p.GetValue(freezeExtra), NumVirtualTokens = p.GetValue(virtualTokens), PrefixProjection = p.GetValue(prefixProjection),
                EncoderHiddenSize = p.GetValue(encoderHidden), AdapterType = p.GetValue(adapterType)!, AdapterSize = p.GetValue(adapterSize),
                QuantizationBit = p.GetValue(quant), Precision = p.GetValue(precision)!, Optimizer = p.GetValue(optimizer)!, OptimizerInBwd = p.GetValue(inBwd),
                PerDeviceTrainBatchSize = p.GetValue(batch), CutoffLen = p.GetValue(cutoff), GradientCheckpointing = p.GetValue(checkpointing),
                Tokens = p.GetValue(tokens), DatasetTokens = p.GetValue(datasetTokens), NumTrainEpochs = p.GetValue(epochs), Hardware = p.GetValue(hardware)!,
                NumDevices = p.GetValue(devices), ZeroStage = p.GetValue(zero), Mfu = p.GetValue(mfu), Price = p.GetValue(price),
            };
            return EstimateActions.Run(o, p.GetValue(profile)!, p.GetValue(json), p.GetValue(compare), p.GetValue(days),
                p.GetValue(calibrate) ? p.GetValue(calibrateSteps) : null, p.GetValue(calibrateBatch));
        });
        return cmd;
    }
}
