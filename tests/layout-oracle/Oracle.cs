// Layout oracle: asks the real .NET 8 runtime for the field offsets and
// instance sizes of every type in this assembly and of a sample of framework
// types, and prints them for kiln-metadata's layout test to compare.
//
// Output (tab-separated):
//   T <assembly> <typedef token> <V|C> <size> <generic args as asm:token,...>
//       size = sizeof (value types) or MethodTable BaseSize (classes)
//   F <field token> <offset>        instance field; classes: from object start
//   S <field token> <offset>        static field offset as the runtime recorded it
//   M <method token> <slot>         vtable slot of a virtual method (MethodDesc m_wSlotNumber)
//   I <asm:token>                   an implemented interface (its generic definition), in runtime order
// Offsets come from the runtime's FieldDesc (m_dwOffset, the low 27 bits of
// the DWORD at +12), cross-checked against __makeref addresses below.
using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;

namespace LayoutOracle
{
    public enum E8 : byte { A }
    public enum E16 : short { A }
    public enum E64 : long { A }
    public struct Empty { }
    public struct OneByte { public byte B; }
    public struct Seq { public byte A; public long B; public short C; }
    [StructLayout(LayoutKind.Sequential, Pack = 1)] public struct Packed1 { public byte A; public long B; public short C; }
    [StructLayout(LayoutKind.Sequential, Pack = 2)] public struct Packed2 { public byte A; public long B; public int C; }
    [StructLayout(LayoutKind.Sequential, Size = 32)] public struct Sized { public int A; public byte B; }
    [StructLayout(LayoutKind.Auto)] public struct AutoStruct { public byte A; public long B; public short C; public byte D; }
    [StructLayout(LayoutKind.Auto)] public struct AutoInts { public int A; public int B; public int C; }
    public struct WithRef { public byte A; public object O; public int B; public string S; }
    public struct WithDate { public byte A; public DateTime D; public byte C; }
    public struct WithGuid { public byte A; public Guid G; public decimal M; }
    public struct Nested { public Seq S; public byte X; public OneByte O; }
    public struct WithEnums { public E8 A; public E64 B; public E16 C; }
    [StructLayout(LayoutKind.Explicit)] public struct Union { [FieldOffset(0)] public int I; [FieldOffset(0)] public float F; [FieldOffset(6)] public byte B; }
    [StructLayout(LayoutKind.Explicit, Size = 24)] public struct ExplicitSized { [FieldOffset(2)] public short S; [FieldOffset(16)] public long L; }
    [StructLayout(LayoutKind.Explicit)] public struct ExplicitRef { [FieldOffset(0)] public object O; [FieldOffset(8)] public int I; }
    public unsafe struct Fixed { public int Len; public fixed byte Buf[13]; public short Tail; }
    public struct PtrStruct { public IntPtr P; public byte B; public UIntPtr U; }
    public struct Pair<T, U> { public T First; public U Second; }

    public class Empty0 { }
    public class Mixed { public byte A; public long B; public object C; public int D; public short E; public bool F; public double G; public Seq H; public string I; public OneByte J; }
    public class OddBase { public byte A; }
    public class FillDerived : OddBase { public long L; public short S; public byte B; public object O; public int I; }
    public class DeepDerived : FillDerived { public byte X; public int Y; }
    public class MyException : Exception { public int Code; public byte Flag; }
    public class MyList : List<int> { public byte Extra; }
    public class MyStreamLike : System.IO.MemoryStream { public long Pos2; public bool Open2; }
    [StructLayout(LayoutKind.Sequential)] public class SeqClass { public byte A; public long B; public short C; }
    [StructLayout(LayoutKind.Sequential)] public class SeqClassRef { public byte A; public object O; public short C; }
    [StructLayout(LayoutKind.Explicit)] public class ExplicitClass { [FieldOffset(0)] public long L; [FieldOffset(4)] public int I; [FieldOffset(8)] public object O; }
    public class Gen<T> { public byte Pre; public T Value; public short Post; }
    public class GenDerived<T> : Gen<T> { public T Other; public byte Tail; }
    public class Statics { public static byte SB; public static long SL; public static object SO; public static int SI; public static Seq SS; public static short SH; [ThreadStatic] public static int TI; [ThreadStatic] public static object TO; public const int K = 3; public int Inst; }
    public class OnlyStructs { public Seq A; public OneByte B; public AutoInts C; public Empty D; }
    public class ManyBytes { public byte A, B, C, D, E, F, G, H, I; }
    public class VBase { public virtual void A() { } public virtual int B(int x) { return x; } public virtual void C() { } public override string ToString() { return ""; } }
    public class VDerived : VBase, IDisposable { public override void A() { } public new virtual int B(int x) { return 1; } public virtual void D() { } void IDisposable.Dispose() { } public sealed override void C() { } }
    public class VMore : VDerived { public override int B(int x) { return 2; } public override void D() { } public override bool Equals(object o) { return false; } public override int GetHashCode() { return 0; } }
    public abstract class VAbstract { public abstract void X(); public virtual void Y() { } }
    public struct VStruct : IComparable { public int CompareTo(object o) { return 0; } public override string ToString() { return "s"; } }
    public class Outer { public class Inner { public int X; public Outer O; } public struct InnerS { public byte A; public int B; } }

    public static unsafe class Program
    {
        static int Main(string[] args)
        {
            SelfCheck();
            var seen = new HashSet<Type>();
            foreach (Type t in typeof(Program).Assembly.GetTypes())
                if (!t.IsGenericTypeDefinition) Report(t, seen);
            Type[] gens = {
                typeof(Pair<byte, long>), typeof(Pair<object, byte>), typeof(Pair<Seq, E8>), typeof(Pair<int, int>),
                typeof(Gen<byte>), typeof(Gen<long>), typeof(Gen<object>), typeof(Gen<Seq>), typeof(GenDerived<short>), typeof(GenDerived<Mixed>),
                typeof(KeyValuePair<int, string>), typeof(KeyValuePair<long, byte>), typeof(Nullable<long>), typeof(Nullable<Seq>), typeof(Nullable<byte>),
                typeof(List<int>), typeof(Dictionary<string, int>), typeof(ArraySegment<byte>),
            };
            foreach (Type t in gens) Report(t, seen);
            int limit = args.Length > 1 ? int.Parse(args[1]) : 400;
            string[] frameworkAssemblies = (args.Length > 0 ? args[0] : "System.Private.CoreLib").Split(',');
            foreach (string name in frameworkAssemblies)
            {
                Assembly a;
                try { a = Assembly.Load(name); } catch { continue; }
                Type[] types;
                try { types = a.GetTypes(); } catch (ReflectionTypeLoadException e) { types = e.Types; }
                int n = 0;
                foreach (Type t in types)
                {
                    if (t == null || t.IsGenericTypeDefinition || t.IsInterface) continue;
                    if (n >= limit) break;
                    if (Report(t, seen)) n++;
                }
            }
            return 0;
        }

        static int FieldOffset(FieldInfo f)
        {
            IntPtr fd = f.FieldHandle.Value;
            return Marshal.ReadInt32(fd, 12) & 0x7FFFFFF;
        }

        static int SizeOf(Type t)
        {
            var dm = new DynamicMethod("sz", typeof(int), Type.EmptyTypes, typeof(Program).Module, true);
            var il = dm.GetILGenerator();
            il.Emit(OpCodes.Sizeof, t);
            il.Emit(OpCodes.Ret);
            return (int)dm.Invoke(null, null);
        }

        static string Id(Type t) { return t.Assembly.GetName().Name + ":" + t.MetadataToken.ToString("x8"); }

        static bool Report(Type t, HashSet<Type> seen)
        {
            if (!seen.Add(t)) return false;
            string line;
            var lines = new List<string>();
            try
            {
                bool vt = t.IsValueType;
                int size = vt ? SizeOf(t) : Marshal.ReadInt32(t.TypeHandle.Value, 4);
                string gargs = "-";
                if (t.IsGenericType)
                {
                    var parts = new List<string>();
                    foreach (Type ga in t.GetGenericArguments())
                    {
                        if (ga.IsGenericType || ga.IsArray || ga.IsPointer || ga.IsGenericParameter) return false;
                        parts.Add(Id(ga));
                    }
                    gargs = string.Join(",", parts.ToArray());
                }
                line = "T\t" + t.Assembly.GetName().Name + "\t" + t.MetadataToken.ToString("x8") + "\t" + (vt ? "V" : "C") + "\t" + size + "\t" + gargs + "\t" + t.FullName;
                lines.Add(line);
                foreach (FieldInfo f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    lines.Add("F\t" + f.MetadataToken.ToString("x8") + "\t" + (FieldOffset(f) + (vt ? 0 : IntPtr.Size)));
                foreach (FieldInfo f in t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (f.IsLiteral) continue;
                    lines.Add("S\t" + f.MetadataToken.ToString("x8") + "\t" + FieldOffset(f));
                }
                foreach (Type itf in t.GetInterfaces())
                {
                    Type d = itf.IsGenericType ? itf.GetGenericTypeDefinition() : itf;
                    lines.Add("I\t" + Id(d));
                }
                if (!t.IsInterface && !t.IsGenericType)
                {
                    foreach (MethodInfo m in t.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (!m.IsVirtual || m.IsGenericMethodDefinition) continue;
                        int slot = Marshal.ReadInt16(m.MethodHandle.Value, 4) & 0xFFFF;
                        lines.Add("M\t" + m.MetadataToken.ToString("x8") + "\t" + slot);
                    }
                }
            }
            catch (Exception) { return false; }
            foreach (string l in lines) Console.WriteLine(l);
            return true;
        }

        // The FieldDesc reading must agree with real addresses.
        static void SelfCheck()
        {
            var m = new Mixed();
            Check(typeof(Mixed), "B", Diff(m, __makeref(m.B)));
            Check(typeof(Mixed), "J", Diff(m, __makeref(m.J)));
            Check(typeof(Mixed), "A", Diff(m, __makeref(m.A)));
            var d = new FillDerived();
            Check(typeof(FillDerived), "S", Diff(d, __makeref(d.S)));
            Check(typeof(FillDerived), "B", Diff(d, __makeref(d.B)));
            Seq s = new Seq();
            TypedReference st = __makeref(s), sc = __makeref(s.C);
            long so = (long)(*(IntPtr*)&sc) - (long)(*(IntPtr*)&st);
            if (FieldOffset(typeof(Seq).GetField("C")) != so) throw new Exception("FieldDesc offset disagrees for Seq.C");
        }

        static long Diff(object o, TypedReference field)
        {
            TypedReference self = __makeref(o);
            long obj = (long)(**(IntPtr**)&self);
            return (long)(*(IntPtr*)&field) - obj;
        }

        static void Check(Type t, string name, long actual)
        {
            int fd = FieldOffset(t.GetField(name)) + IntPtr.Size;
            if (fd != actual) throw new Exception("FieldDesc offset " + fd + " disagrees with address offset " + actual + " for " + t.Name + "." + name);
        }
    }
}
