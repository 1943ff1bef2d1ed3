// Unit tests run the core under Node on tfjs's cpu backend. tfjs-core registers no gradients by
// itself; the @tensorflow/tfjs bundle does (and resolves to the same tfjs-core instance as the
// core's own imports under Node, which a deep import of tfjs-core/dist/... would not).
import '@tensorflow/tfjs';
