using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AiGateway.HotPath.RequestPathBenchmarks).Assembly).Run(args);
