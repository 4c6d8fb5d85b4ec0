"""RootCauseClassifier keeps scikit-learn's estimator contract."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from rootcause.learn import RootCauseClassifier


@parametrize_with_checks([RootCauseClassifier()])
def test_sklearn_contract(estimator, check):
    check(estimator)
