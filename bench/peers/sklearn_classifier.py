"""scikit-learn peer for Warden's classifier bench (Debian package python3-sklearn).

Same data and split as Warden; the closest equivalent pipeline: hashed word 1-2-grams plus
char_wb 3-5-grams (2^18 buckets, no sign flipping), sublinear TF, L2 norm, the segment type as
an extra token, balanced class weights. Two classifiers: multinomial LogisticRegression (lbfgs)
and SGDClassifier (log loss, averaged, early stopping) — the two scikit-learn offers here.

usage: /usr/bin/python3 bench/peers/sklearn_classifier.py TRAIN.jsonl TEST.jsonl LABELS(comma) > result.json
"""
import json
import sys
import time

from scipy.sparse import hstack
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import f1_score, recall_score


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                segment = row.get("segment_type")
                detected = row.get("command_detected")
                texts.append(row["text"] + (f" SEGMENT_{segment}" if segment else "") + (f" DETECTED_{detected}" if detected else ""))
                labels.append(row["label"])
    return texts, labels


def vectorizers():
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2**18, alternate_sign=False, norm=None)
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2**18, alternate_sign=False, norm=None)
    tf = TfidfTransformer(use_idf=False, sublinear_tf=True, norm="l2")
    return words, chars, tf


def run(name, make, train, test, labels):
    started = time.perf_counter()
    words, chars, tf = vectorizers()
    X = tf.fit_transform(hstack([words.transform(train[0]), chars.transform(train[0])]).tocsr())
    model = make().fit(X, train[1])
    train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    Xt = tf.transform(hstack([words.transform(test[0]), chars.transform(test[0])]).tocsr())
    predicted = model.predict(Xt)
    predict_seconds = time.perf_counter() - started
    return {
        "name": name,
        "train_seconds": round(train_seconds, 3),
        "predict_seconds": round(predict_seconds, 3),
        "segments_per_s": round(len(test[0]) / predict_seconds),
        "macro_f1": round(f1_score(test[1], predicted, labels=labels, average="macro"), 4),
        "command_recall": round(recall_score(test[1], predicted, labels=["command"], average=None, zero_division=0)[0], 4) if "command" in labels else None,
    }


def main():
    train, test = load(sys.argv[1]), load(sys.argv[2])
    labels = sys.argv[3].split(",")
    results = [
        run("LogisticRegression(lbfgs, multinomial)", lambda: LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000), train, test, labels),
        run("SGDClassifier(log_loss, averaged, early stopping)", lambda: SGDClassifier(loss="log_loss", alpha=1e-5, average=True, class_weight="balanced", early_stopping=True, random_state=42), train, test, labels),
    ]
    import sklearn

    print(json.dumps({"sklearn": sklearn.__version__, "train_rows": len(train[0]), "test_rows": len(test[0]), "results": results}))


if __name__ == "__main__":
    main()
