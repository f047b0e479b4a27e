namespace AiGateway.Integration.Telemetry;

/// <summary>
/// The tests of a process's exporters run alone, after the others: an exporter hears every host in the test process
/// (a tracer or meter provider listens by source name), so beside other tests' traffic it would export, sample and
/// queue their spans too, and the one request a test looks for could be sampled out or crowded from the batch queue.
/// </summary>
[CollectionDefinition(nameof(ExporterTests), DisableParallelization = true)]
public sealed class ExporterTests;
