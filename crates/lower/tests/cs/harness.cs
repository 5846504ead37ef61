// The runtime side of the differential tests (`tests/semantics.rs`):
// compiled together with a probe file declaring more of `partial class S`.
// Main reads a cases file (`Method arg…` per line), calls each method by
// reflection and prints `<case> = <result or exception type name>`.
using System;
using System.IO;
using System.Reflection;

static partial class S
{
    static object Parse(string s, Type t)
    {
        if (t == typeof(int)) return int.Parse(s);
        if (t == typeof(uint)) return uint.Parse(s);
        if (t == typeof(long)) return long.Parse(s);
        if (t == typeof(ulong)) return ulong.Parse(s);
        if (t == typeof(short)) return short.Parse(s);
        if (t == typeof(ushort)) return ushort.Parse(s);
        if (t == typeof(sbyte)) return sbyte.Parse(s);
        if (t == typeof(byte)) return byte.Parse(s);
        if (t == typeof(bool)) return bool.Parse(s);
        if (t == typeof(char)) return (char)int.Parse(s);
        throw new Exception("type " + t);
    }

    static int Main(string[] args)
    {
        foreach (string line in File.ReadAllLines(args[0]))
        {
            if (line.Length == 0 || line.StartsWith("#")) continue;
            string[] parts = line.Split(' ');
            MethodInfo m = typeof(S).GetMethod(parts[0], BindingFlags.Static | BindingFlags.NonPublic);
            ParameterInfo[] ps = m.GetParameters();
            object[] a = new object[ps.Length];
            for (int i = 0; i < ps.Length; i++) a[i] = Parse(parts[i + 1], ps[i].ParameterType);
            string result;
            try
            {
                object r = m.Invoke(null, a);
                result = r is char ? ((int)(char)r).ToString() : r.ToString();
            }
            catch (TargetInvocationException e) { result = e.InnerException.GetType().Name; }
            Console.WriteLine(line + " = " + result);
        }
        return 100;
    }
}
