// `newobj` of System.IntPtr / System.UIntPtr constructors (int, long,
// void* and uint, ulong, void*): the JIT runs a value type's constructor
// on a temporary and pushes the value, which for these two primitives is a
// `native int` on the evaluation stack — returned, compared, stored in
// fields and arrays, passed on, and converted back. The long overload on a
// value out of range (none on 64-bit) and the checked conversions back
// (`ToInt32` overflow) run too.
// kiln-expect-compiled: NativeIntsCtor:FromInt(
// kiln-expect-compiled: NativeIntsCtor:FromLong(
// kiln-expect-compiled: NativeIntsCtor:FromPtr(
// kiln-expect-compiled: NativeIntsCtor:FromUInt(
// kiln-expect-compiled: NativeIntsCtor:FromULong(
// kiln-expect-compiled: NativeIntsCtor:FromUPtr(
// kiln-expect-compiled: NativeIntsCtor:Sum(
// kiln-expect-compiled: NativeIntsCtor:Fill(
// kiln-expect-compiled: NativeIntsCtor:Main(
using System;

unsafe static class NativeIntsCtor
{
    static int failures;
    static IntPtr field;
    static UIntPtr ufield;

    class Holder
    {
        public IntPtr P;
        public UIntPtr U;
        public Holder(int a, ulong b) { P = new IntPtr(a); U = new UIntPtr(b); }
    }

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static IntPtr FromInt(int x) { return new IntPtr(x); }
    static IntPtr FromLong(long x) { return new IntPtr(x); }
    static IntPtr FromPtr(void* p) { return new IntPtr(p); }
    static UIntPtr FromUInt(uint x) { return new UIntPtr(x); }
    static UIntPtr FromULong(ulong x) { return new UIntPtr(x); }
    static UIntPtr FromUPtr(void* p) { return new UIntPtr(p); }

    static long Sum(int n)
    {
        // The constructed values stay in registers across calls.
        IntPtr acc = new IntPtr(0);
        for (int i = 0; i < n; i++)
        {
            IntPtr step = new IntPtr((long)i * 3);
            acc = new IntPtr(acc.ToInt64() + step.ToInt64());
            GC.KeepAlive(new object());
        }
        return acc.ToInt64();
    }

    static IntPtr[] Fill(int n)
    {
        IntPtr[] a = new IntPtr[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = new IntPtr(i - 2);
            if (i % 16 == 0) GC.Collect();
        }
        return a;
    }

    static int Main()
    {
        Check(FromInt(-5).ToInt64() == -5, "int negative sign-extends");
        Check(FromInt(int.MaxValue).ToInt64() == int.MaxValue, "int max");
        Check(FromLong(1L << 40).ToInt64() == 1L << 40, "long");
        Check(FromLong(long.MinValue).ToInt64() == long.MinValue, "long min");
        Check(FromPtr((void*)1234) == (IntPtr)1234, "void*");
        Check(FromPtr(null) == IntPtr.Zero, "null pointer");
        Check(FromUInt(0xFFFFFFFF).ToUInt64() == 0xFFFFFFFFUL, "uint zero-extends");
        Check(FromULong(ulong.MaxValue).ToUInt64() == ulong.MaxValue, "ulong max");
        Check(FromUPtr((void*)77).ToUInt64() == 77, "UIntPtr void*");
        Console.WriteLine(FromInt(-5));
        Console.WriteLine(FromLong(0x123456789AL));
        Console.WriteLine(FromUInt(4000000000));
        Console.WriteLine(FromULong(ulong.MaxValue));

        field = new IntPtr(42);
        ufield = new UIntPtr(43u);
        Check(field.ToInt32() == 42 && ufield.ToUInt32() == 43, "static fields");
        Holder h = new Holder(-7, 1UL << 63);
        Check(h.P.ToInt64() == -7 && h.U.ToUInt64() == 1UL << 63, "instance fields");

        int local = 99;
        IntPtr p = new IntPtr(&local);
        Check(*(int*)p.ToPointer() == 99, "address round trip");
        Check(new IntPtr(10) != new IntPtr(11), "comparison");
        Check(new IntPtr(5).GetHashCode() == 5, "hash code");

        try
        {
            int narrow = new IntPtr(1L << 33).ToInt32();
            Check(false, "ToInt32 should overflow: " + narrow);
        }
        catch (OverflowException)
        {
            Console.WriteLine("ToInt32 overflow");
        }

        Console.WriteLine(Sum(1000));
        IntPtr[] arr = Fill(100);
        long total = 0;
        foreach (IntPtr x in arr) total += x.ToInt64();
        Console.WriteLine(total);

        if (failures == 0) Console.WriteLine("native_ints_ctor ok");
        return failures == 0 ? 100 : 1;
    }
}
