// The RyuJIT side of `cargo xtask bench` (xtask/src/bench_jit.rs): loads an
// assembly into its own AssemblyLoadContext on .NET 8 and JIT-compiles the
// given methods with RuntimeHelpers.PrepareMethod, timing only the
// PrepareMethod calls (tokens are resolved, and their types loaded, first).
// Run it with DOTNET_TieredCompilation=0 (full optimization, like kiln) and
// DOTNET_ReadyToRun=0.
//
// usage: jit_harness <assembly> <tokens-file>   (one hex MethodDef token a line)
// output: "loaded <path> <mvid>", then "prepared <token>" / "failed <token> <why>"
// per method, then "ticks <wall ticks of the PrepareMethod loop> <Stopwatch.Frequency>"
// and "cpu_ms <process CPU time of the loop, milliseconds>".
using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

static class JitHarness
{
    static Assembly LoadIsolated(string path)
    {
        // AssemblyLoadContext exists on .NET Core only; mcs compiles against
        // the .NET Framework profile, so reach it by reflection.
        Type alc = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", true);
        object ctx = alc.GetConstructor(new[] { typeof(string), typeof(bool) })
            .Invoke(new object[] { "kiln-bench", false });
        return (Assembly)alc.GetMethod("LoadFromAssemblyPath").Invoke(ctx, new object[] { path });
    }

    static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: jit_harness <assembly> <tokens-file>");
            return 2;
        }
        Assembly asm = LoadIsolated(Path.GetFullPath(args[0]));
        Module module = asm.ManifestModule;
        Console.WriteLine("loaded " + asm.Location + " " + module.ModuleVersionId);
        string[] lines = File.ReadAllLines(args[1]);
        var handles = new RuntimeMethodHandle[lines.Length];
        var tokens = new int[lines.Length];
        var ok = new bool[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            tokens[i] = Convert.ToInt32(lines[i].Trim(), 16);
            try
            {
                MethodBase m = module.ResolveMethod(tokens[i]);
                handles[i] = m.MethodHandle;
                ok[i] = true;
            }
            catch (Exception e)
            {
                Console.WriteLine("failed " + tokens[i].ToString("x8") + " resolve: " + e.GetType().Name);
            }
        }
        // The JIT itself is warm once it has compiled something.
        RuntimeHelpers.PrepareMethod(typeof(JitHarness).GetMethod("Warm", BindingFlags.NonPublic | BindingFlags.Static).MethodHandle);
        var status = new string[lines.Length];
        Process self = Process.GetCurrentProcess();
        TimeSpan cpu0 = self.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!ok[i])
                continue;
            try
            {
                RuntimeHelpers.PrepareMethod(handles[i]);
            }
            catch (Exception e)
            {
                status[i] = e.GetType().Name;
            }
        }
        long ticks = Stopwatch.GetTimestamp() - start;
        self.Refresh();
        double cpuMs = (self.TotalProcessorTime - cpu0).TotalMilliseconds;
        for (int i = 0; i < lines.Length; i++)
        {
            if (!ok[i])
                continue;
            if (status[i] == null)
                Console.WriteLine("prepared " + tokens[i].ToString("x8"));
            else
                Console.WriteLine("failed " + tokens[i].ToString("x8") + " prepare: " + status[i]);
        }
        Console.WriteLine("ticks " + ticks + " " + Stopwatch.Frequency);
        Console.WriteLine("cpu_ms " + cpuMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    static int Warm(int x)
    {
        return x * 3 + 1;
    }
}
