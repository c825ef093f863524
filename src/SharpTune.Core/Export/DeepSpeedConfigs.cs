using System.Text.Json.Nodes;

namespace SharpTune.Core.Export;

/// <summary>
/// The launcher settings a LLaMA-Factory job ships with: its DeepSpeed ZeRO-2 / ZeRO-3 JSON
/// (examples/deepspeed/ds_z2_config.json, ds_z3_config.json) and its accelerate FSDP config
/// (examples/accelerate/fsdp_config.yaml), with the process count set.
/// </summary>
public static class DeepSpeedConfigs
{
    public static JsonObject Zero(int stage)
    {
        var fp16 = new JsonObject
        {
            ["enabled"] = "auto", ["loss_scale"] = 0, ["loss_scale_window"] = 1000, ["initial_scale_power"] = 16,
            ["hysteresis"] = 2, ["min_loss_scale"] = 1,
        };
        var zero = stage switch
        {
            2 => new JsonObject
            {
                ["stage"] = 2, ["allgather_partitions"] = true, ["allgather_bucket_size"] = 5e8, ["overlap_comm"] = false,
                ["reduce_scatter"] = true, ["reduce_bucket_size"] = 5e8, ["contiguous_gradients"] = true, ["round_robin_gradients"] = true,
            },
            3 => new JsonObject
            {
                ["stage"] = 3, ["overlap_comm"] = false, ["contiguous_gradients"] = true, ["sub_group_size"] = 1e9,
                ["reduce_bucket_size"] = "auto", ["stage3_prefetch_bucket_size"] = "auto", ["stage3_param_persistence_threshold"] = "auto",
                ["stage3_max_live_parameters"] = 1e9, ["stage3_max_reuse_distance"] = 1e9, ["stage3_gather_16bit_weights_on_model_save"] = true,
            },
            _ => throw new ArgumentException($"--zero {stage} is not supported (expected 2 or 3)"),
        };
        return new JsonObject
        {
            ["train_batch_size"] = "auto", ["train_micro_batch_size_per_gpu"] = "auto", ["gradient_accumulation_steps"] = "auto",
            ["gradient_clipping"] = "auto", ["zero_allow_untested_optimizer"] = true, ["fp16"] = fp16,
            ["bf16"] = new JsonObject { ["enabled"] = "auto" }, ["zero_optimization"] = zero,
        };
    }

    public static string Fsdp(int numGpus) => $"""
        compute_environment: LOCAL_MACHINE
        debug: false
        distributed_type: FSDP
        downcast_bf16: 'no'
        fsdp_config:
          fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP
          fsdp_backward_prefetch: BACKWARD_PRE
          fsdp_forward_prefetch: false
          fsdp_cpu_ram_efficient_loading: true
          fsdp_offload_params: false
          fsdp_sharding_strategy: FULL_SHARD
          fsdp_state_dict_type: FULL_STATE_DICT
          fsdp_sync_module_states: true
          fsdp_use_orig_params: true
        machine_rank: 0
        main_training_function: main
        mixed_precision: bf16
        num_machines: 1
        num_processes: {numGpus}
        rdzv_backend: static
        same_network: true
        tpu_env: []
        tpu_use_cluster: false
        tpu_use_sudo: false
        use_cpu: false

        """;
}
