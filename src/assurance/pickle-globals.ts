/**
 * How an imported global is judged. Loading a pickle calls whatever it imports, so a module that can run
 * commands, open files or sockets, or evaluate code is dangerous whatever the name; a short list of globals that
 * ordinary PyTorch, NumPy and scikit-learn checkpoints import is safe; anything else is unknown (reported, and
 * a failure under --strict).
 */

export type GlobalVerdict = 'dangerous' | 'safe' | 'unknown';

/** Modules whose every member is dangerous to call during unpickling. */
const DANGEROUS_MODULES = new Set([
  'os', 'posix', 'nt', 'posixpath', 'ntpath', 'subprocess', 'sys', 'socket', 'shutil', 'runpy', 'pty', 'commands',
  'webbrowser', 'asyncio', 'importlib', 'code', 'codeop', 'ctypes', 'multiprocessing', 'threading', 'signal',
  'http', 'urllib', 'urllib2', 'requests', 'ftplib', 'smtplib', 'telnetlib', 'tempfile', 'pathlib', 'io', 'marshal',
  'pickle', '_pickle', 'cPickle', 'dill', 'shelve', 'platform', 'pdb', 'bdb', 'timeit', 'profile', 'cProfile',
  'torch.hub', 'torch.jit', 'torch._C', 'torch.utils.cpp_extension', 'numpy.testing', 'numpy.distutils',
]);

/** Dangerous members of otherwise ordinary modules. */
const DANGEROUS_NAMES: Record<string, ReadonlySet<string>> = {
  builtins: new Set(['eval', 'exec', 'execfile', 'compile', 'open', '__import__', 'getattr', 'setattr', 'delattr',
    'globals', 'locals', 'vars', 'breakpoint', 'input', 'memoryview', 'help', 'exit', 'quit']),
  __builtin__: new Set(['eval', 'exec', 'execfile', 'compile', 'open', 'file', '__import__', 'getattr', 'setattr',
    'delattr', 'globals', 'locals', 'vars', 'input', 'raw_input', 'reload']),
  operator: new Set(['attrgetter', 'methodcaller', 'itemgetter']),
  functools: new Set(['partial', 'reduce']),
  numpy: new Set(['load', 'loads', 'fromfile']),
  'numpy.lib.npyio': new Set(['load']),
  torch: new Set(['load', 'save']),
  'torch.serialization': new Set(['load']),
  'torch.storage': new Set(['_load_from_bytes']),
  'joblib': new Set(['load']),
  'copyreg': new Set(['_reconstructor']),
  '_codecs': new Set(['open']),
};

const SAFE = new Set([
  'collections.OrderedDict', 'collections.defaultdict', 'builtins.set', 'builtins.frozenset', 'builtins.slice',
  'builtins.complex', 'builtins.bytearray', 'builtins.dict', 'builtins.list', 'builtins.tuple', 'builtins.int',
  'builtins.float', 'builtins.bool', 'builtins.str', 'builtins.bytes', '__builtin__.set', 'copy_reg._reconstructor',
  '_codecs.encode', 'torch._utils._rebuild_tensor', 'torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_tensor_v3',
  'torch._utils._rebuild_parameter', 'torch._utils._rebuild_parameter_with_state', 'torch._utils._rebuild_qtensor',
  'torch._utils._rebuild_sparse_tensor', 'torch._utils._rebuild_device_tensor_from_numpy', 'torch.Size', 'torch.device',
  'torch.dtype', 'torch._tensor._rebuild_from_type_v2', 'torch.nn.parameter.Parameter',
  'numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct', 'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar', 'numpy.ndarray', 'numpy.dtype', 'numpy.random._pickle.__randomstate_ctor',
]);

const STORAGE = /^torch\.(?:[A-Za-z]+Storage|storage\.(?:Typed|Untyped)Storage)$/;

export function judgeGlobal(module: string, name: string): GlobalVerdict {
  const parts = module.split('.');
  for (let i = 1; i <= parts.length; i++) if (DANGEROUS_MODULES.has(parts.slice(0, i).join('.'))) return 'dangerous';
  if (DANGEROUS_NAMES[module]?.has(name) === true) return 'dangerous';
  const full = `${module}.${name}`;
  if (SAFE.has(full) || STORAGE.test(full)) return 'safe';
  if (module === 'torch' && /^[A-Za-z]+Storage$|^(?:float|half|bfloat16|int|long|bool|uint8|int8|int16|float16|float32|float64|complex64)$/.test(name)) return 'safe';
  return 'unknown';
}
