-- SPDX-License-Identifier: MIT
-- The Lua workload of bench/programs (run by Debian's lua5.4 interpreter, lua.c
-- unchanged, as `lua -e "N = <size> <this file>"`): tables, strings,
-- closures, string.format of floats, table.sort, gsub.
local n = N or 20000
local h = 0
local function mix(x) h = (h * 31 + x) % 1000000007 end
local t = {}
for i = 1, n do t[i] = (i * 7919) % 10007 end
table.sort(t, function(a, b) return a > b end)
for i = 1, #t, 101 do mix(t[i]) end
local words = {}
local parts = {}
for i = 1, n do parts[#parts + 1] = ({"wasm", "board", "heap", "stack", "flash"})[i % 5 + 1] .. (i % 17) end
local text = table.concat(parts, " ")
for w in text:gmatch("%a+1%d") do words[w] = (words[w] or 0) + 1 end
local keys = {}
for k in pairs(words) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do mix(words[k]) end
local s = text:gsub("(%a+)(%d+)", "%2%1")
mix(#s)
local f = 0.0
for i = 1, n do f = f + math.sqrt(i) / (1 + i % 7) end
local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end
print(string.format("lua %s n=%d keys=%d sum=%.6f fib=%d", _VERSION, n, #keys, f, fib(20)))
print(string.format("checksum=0x%08x", h))
