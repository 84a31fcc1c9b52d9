using System.Numerics;

namespace Waterfall.Chain.Abi;

/// <summary>Accepts any C# integral type for uintN/intN, so callers need not wrap every literal in BigInteger.</summary>
internal static class AbiIntegers
{
    public static bool TryToBigInteger(object? value, out BigInteger result)
    {
        switch (value)
        {
            case BigInteger b: result = b; return true;
            case byte v: result = v; return true;
            case sbyte v: result = v; return true;
            case short v: result = v; return true;
            case ushort v: result = v; return true;
            case int v: result = v; return true;
            case uint v: result = v; return true;
            case long v: result = v; return true;
            case ulong v: result = v; return true;
            case UInt128 v: result = v; return true;
            case Int128 v: result = v; return true;
            default: result = default; return false;
        }
    }
}
