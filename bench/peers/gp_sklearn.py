#!/usr/bin/env python3
"""The scikit-learn peer of `bench -- gp`: GaussianProcessRegressor on the same CSV files.

Same model as DataSearch's surrogate: inputs scaled to [0, 1] by range, standardised outputs, a signal
variance times a squared-exponential kernel with one length scale per feature while there are at least
two observations per feature (one shared scale otherwise), plus a white-noise term; L-BFGS-B from the
default start and two restarts (three starts, as DataSearch). Prints one Markdown row per size.
"""
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel


def load(path):
    data = np.loadtxt(path, delimiter=",")
    return data[:, :-1], data[:, -1]


def fit_and_predict(x, y, candidates):
    low, span = x.min(axis=0), np.ptp(x, axis=0)
    span[span < 1e-12] = 1
    features = x.shape[1]
    ard = features <= max(2, len(x) // 2)
    length = np.ones(features) if ard else 1.0
    kernel = ConstantKernel(1.0, (np.exp(-5), np.exp(5))) * RBF(length, (np.exp(-3), np.exp(5))) + WhiteKernel(np.exp(-2), (np.exp(-10), np.exp(1)))
    model = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=2, random_state=0)
    model.fit((x - low) / span, y)
    mean, _ = model.predict((candidates - low) / span, return_std=True)
    return model, mean


def main(folder):
    candidates, truth = load(f"{folder}/candidates.csv")
    print("| observations | fit + 200 predictions, cold (ms) | warm, median of 5 (ms) | convergence warnings | held-out RMSE / spread |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in (12, 24, 40):
        x, y = load(f"{folder}/train-{size}.csv")
        times = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            for _ in range(6):
                start = time.perf_counter()
                _, mean = fit_and_predict(x, y, candidates)
                times.append((time.perf_counter() - start) * 1000)
            converge = sum(1 for w in caught if issubclass(w.category, ConvergenceWarning))
        rmse = float(np.sqrt(np.mean((mean - truth) ** 2)))
        print(f"| {size} | {times[0]:.1f} | {statistics.median(times[1:]):.1f} | {converge} | {rmse / float(np.std(truth)):.3f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/datasearch-gp-bench")
